{#- Upper-tail p-value of a chi-square statistic with one degree of freedom (two arms of an
    A/B test: k - 1 = 1): P(X > x) = P(|Z| > sqrt(x)) = 2 Q(sqrt(x)). Null for null or negative x. -#}
{% macro chi_square_one_df_p_value(x) %}
    (case
        when ({{ x }}) >= 0
            then least(1.0, 2 * {{ normal_tail_of_nonnegative('sqrt(' ~ x ~ ')') }})
    end)
{% endmacro %}
