{#- Unpooled standard error of the difference of two proportions (the Wald interval GrowthBook,
    Eppo and Statsig use), rate p over n units in arms a and b:
        se = sqrt( pa (1 - pa) / na + pb (1 - pb) / nb )
    Null when either arm has no units (or a rate is null). The interval of the difference is
    (pa - pb) -/+ z se. Worked example: pa = 0.06 over 1,000, pb = 0.05 over 2,000:
    sqrt(0.0564 / 1000 + 0.0475 / 2000) = sqrt(0.00008015) = 0.0089526532. -#}
{% macro two_proportion_standard_error(rate_a, units_a, rate_b, units_b) %}
    (case
        when ({{ units_a }}) > 0 and ({{ units_b }}) > 0
            then sqrt(
                ({{ rate_a }}) * (1 - ({{ rate_a }})) / ({{ units_a }})
                + ({{ rate_b }}) * (1 - ({{ rate_b }})) / ({{ units_b }})
            )
    end)
{% endmacro %}
