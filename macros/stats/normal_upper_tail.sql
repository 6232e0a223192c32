{#- Upper tail of the standard normal distribution, Q(x) = P(Z > x) = 1 - Phi(x), as a portable
    SQL expression (PostgreSQL 15 has no erf; erf arrived in PostgreSQL 16).
    Polynomial approximation 26.2.17 of Abramowitz and Stegun (1964), absolute error below
    7.5e-8 for every x, computed on |x| so that the tail is not the difference of two numbers
    close to 1 (p-values of 1e-12 keep their digits):
        t = 1 / (1 + 0.2316419 |x|)
        Q(|x|) = phi(|x|) (b1 t + b2 t^2 + b3 t^3 + b4 t^4 + b5 t^5),  phi(u) = exp(-u^2/2)/sqrt(2 pi)
        Q(x) = Q(|x|) for x >= 0, 1 - Q(|x|) for x < 0.
    Checked against scipy.stats.norm.sf in tests/python/test_performance_lift.py. Null in, null out. -#}
{% macro normal_upper_tail(x) %}
    (case
        when ({{ x }}) >= 0 then {{ normal_tail_of_nonnegative('(' ~ x ~ ')') }}
        else 1 - {{ normal_tail_of_nonnegative('(-(' ~ x ~ '))') }}
    end)
{% endmacro %}

{#- Q(u) for u >= 0 (see normal_upper_tail). -#}
{% macro normal_tail_of_nonnegative(u) %}
    {%- set t = '(1.0 / (1.0 + 0.2316419 * ' ~ u ~ '))' -%}
    (0.3989422804014327 * exp(-0.5 * {{ u }} * {{ u }})
        * {{ t }} * (0.319381530 + {{ t }} * (-0.356563782 + {{ t }} * (1.781477937
        + {{ t }} * (-1.821255978 + {{ t }} * 1.330274429)))))
{% endmacro %}
