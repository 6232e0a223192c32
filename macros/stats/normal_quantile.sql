{#- Inverse of the standard normal CDF, z = Phi^-1(p) for 0 < p < 1 (null otherwise), as a
    portable SQL expression: P. J. Acklam's rational approximation (2003), relative error below
    1.15e-9 over the whole range. Three pieces: a rational function of q = p - 0.5 in the
    centre (0.02425 <= p <= 0.97575), and of q = sqrt(-2 ln(tail)) in each tail.
    No refinement step: the usual Halley step needs Phi to better than the approximation's own
    error, and the portable Phi (normal_upper_tail, Abramowitz and Stegun 26.2.17, absolute
    error 7.5e-8) is a hundred times coarser, so a step would make z worse, not better.
    Hand-checked values (tests/python/test_evidence_statistics.py): z(0.975) = 1.959964,
    z(0.8) = 0.841621, z(0.5) = 0, z(0.01) = -2.326348, z(0.999) = 3.090232. -#}
{% macro normal_quantile(p) %}
    {%- set p_ = '(cast(' ~ p ~ ' as double precision))' -%}
    (case
        when {{ p_ }} > 0 and {{ p_ }} < 0.02425
            then {{ normal_quantile_tail('sqrt(-2 * ln(' ~ p_ ~ '))') }}
        when {{ p_ }} >= 0.02425 and {{ p_ }} <= 0.97575
            then {{ normal_quantile_centre('(' ~ p_ ~ ' - 0.5)') }}
        when {{ p_ }} > 0.97575 and {{ p_ }} < 1
            then -{{ normal_quantile_tail('sqrt(-2 * ln(1 - ' ~ p_ ~ '))') }}
    end)
{% endmacro %}

{#- Acklam's central piece: z for q = p - 0.5, |q| <= 0.47575. -#}
{% macro normal_quantile_centre(q) %}
    {%- set r = '(' ~ q ~ ' * ' ~ q ~ ')' -%}
    ((((((-39.69683028665376 * {{ r }} + 220.9460984245205) * {{ r }} - 275.9285104469687)
        * {{ r }} + 138.3577518672690) * {{ r }} - 30.66479806614716) * {{ r }}
        + 2.506628277459239) * {{ q }}
    / (((((-54.47609879822406 * {{ r }} + 161.5858368580409) * {{ r }} - 155.6989798598866)
        * {{ r }} + 66.80131188771972) * {{ r }} - 13.28068155288572) * {{ r }} + 1))
{% endmacro %}

{#- Acklam's lower-tail piece: z for q = sqrt(-2 ln p), p < 0.02425 (negative z). -#}
{% macro normal_quantile_tail(q) %}
    ((((((-0.007784894002430293 * {{ q }} - 0.3223964580411365) * {{ q }} - 2.400758277161838)
        * {{ q }} - 2.549732539343734) * {{ q }} + 4.374664141464968) * {{ q }}
        + 2.938163982698783)
    / ((((0.007784695709041462 * {{ q }} + 0.3224671290700398) * {{ q }} + 2.445134137142996)
        * {{ q }} + 3.754408661907416) * {{ q }} + 1))
{% endmacro %}
