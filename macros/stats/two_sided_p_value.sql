{#- Two-sided p-value of a standard normal test statistic z: p = 2 (1 - Phi(|z|)) = 2 Q(|z|),
    at most 1. Null when z is null (e.g. a standard error of zero): least() would otherwise
    ignore the null and return 1. -#}
{% macro two_sided_p_value(z) %}
    (case
        when ({{ z }}) is not null
            then least(1.0, 2 * {{ normal_tail_of_nonnegative('abs(' ~ z ~ ')') }})
    end)
{% endmacro %}
