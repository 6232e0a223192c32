{#- Half-width of the always-valid (sequential) interval around an estimate: the asymptotic
    confidence sequence of Waudby-Smith et al. (2023) as GrowthBook implements it. With standard
    error se over N units in both arms (N = nT + nC):
        rho^2     = (-2 ln(alpha) + ln(-2 ln(alpha) + 1)) / N*
        halfwidth = se sqrt(N) sqrt( 2 (N rho^2 + 1) / (N^2 rho^2) ln( sqrt(N rho^2 + 1) / alpha ) )
    N* (`roi_sequential_tuning_n_star`, default 5000) is the sample size at which the sequence is
    tightest; alpha defaults to `roi_ab_alpha`. Unlike the fixed-horizon interval it stays valid
    however often the data are looked at (a dashboard rebuilt every night). Null when se is null
    or N is not positive. See doc block formula_sequential_interval. -#}
{% macro sequential_interval_halfwidth(standard_error, count_units, alpha=none, n_star=none) %}
    {%- set alpha_value = alpha if alpha is not none else var('roi_ab_alpha') -%}
    {%- set n_star_value = n_star if n_star is not none else var('roi_sequential_tuning_n_star') -%}
    {%- set a = '(cast(' ~ alpha_value ~ ' as double precision))' -%}
    {%- set rho_squared = '((-2 * ln(' ~ a ~ ') + ln(-2 * ln(' ~ a ~ ') + 1)) / cast('
        ~ n_star_value ~ ' as double precision))' -%}
    {%- set n = '(cast(nullif(' ~ count_units ~ ', 0) as double precision))' -%}
    (case
        when ({{ count_units }}) > 0
            then ({{ standard_error }}) * sqrt({{ n }}) * sqrt(
                2 * ({{ n }} * {{ rho_squared }} + 1) / ({{ n }} * {{ n }} * {{ rho_squared }})
                * ln(sqrt({{ n }} * {{ rho_squared }} + 1) / {{ a }})
            )
    end)
{% endmacro %}
