{#- Standard normal cumulative distribution Phi(x) = P(Z <= x) = 1 - Q(x) (see
    normal_upper_tail for the approximation and its accuracy). -#}
{% macro normal_cdf(x) %}
    (1 - {{ normal_upper_tail(x) }})
{% endmacro %}
