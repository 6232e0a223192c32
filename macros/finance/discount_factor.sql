{#- The factor that turns cash of year `year` into today's money at a yearly `rate`:
    1 / (1 + rate)^year, end-of-year convention (year 0, the initial investment, is not
    discounted). At 10%: years 1, 2, 3 give 0.909091, 0.826446, 0.751315 (sum 2.486852). -#}
{% macro discount_factor(rate, year) %}
    (
        cast(1 as double precision)
        / power(
            1 + cast(({{ rate }}) as double precision),
            cast(({{ year }}) as double precision)
        )
    )
{% endmacro %}
