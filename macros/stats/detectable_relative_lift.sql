{#- The smallest relative lift a test with `units_per_arm` in each arm can detect at the given
    power: the formula of delivered_per_arm_needed solved for the lift. With k = Z^2 / n,
    Z = z_(1-alpha/2) + z_power and d = p2 - p1, n = Z^2 (p1 (1 - p1) + p2 (1 - p2)) / d^2
    becomes (1 + k) d^2 - k (1 - 2 p1) d - 2 k p1 (1 - p1) = 0, whose positive root is
        d = ( k (1 - 2 p1) + sqrt( k^2 (1 - 2 p1)^2 + 8 (1 + k) k p1 (1 - p1) ) ) / (2 (1 + k))
    and the relative lift is d / p1. Worked example: p1 = 2%, 80,678.6 per arm -> 10%.
    Null when p1 is not in (0, 1) or there are no units. -#}
{% macro detectable_relative_lift(control_rate, units_per_arm, power, alpha=none, z=none) %}
    {%- set p1 = '(cast(' ~ control_rate ~ ' as double precision))' -%}
    {%- set z = '(' ~ (z if z is not none else sample_size_z(power, alpha)) ~ ')' -%}
    {%- set k = '(' ~ z ~ ' * ' ~ z ~ ' / nullif(cast(' ~ units_per_arm
        ~ ' as double precision), 0))' -%}
    (case
        when {{ p1 }} > 0 and {{ p1 }} < 1 and ({{ units_per_arm }}) > 0
            then (
                {{ k }} * (1 - 2 * {{ p1 }})
                + sqrt(
                    {{ k }} * {{ k }} * (1 - 2 * {{ p1 }}) * (1 - 2 * {{ p1 }})
                    + 8 * (1 + {{ k }}) * {{ k }} * {{ p1 }} * (1 - {{ p1 }})
                )
            ) / (2 * (1 + {{ k }})) / {{ p1 }}
    end)
{% endmacro %}
