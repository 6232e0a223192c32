{#- Units needed in each arm for a two-sided test of two proportions to detect a relative lift
    `mde_relative` over the control rate p1 with the given power (unpooled normal
    approximation, the textbook sample-size formula):
        p2 = p1 (1 + mde)
        n  = ceil( (z_(1-alpha/2) + z_power)^2 (p1 (1 - p1) + p2 (1 - p2)) / (p2 - p1)^2 )
    z from normal_quantile. Worked example: p1 = 2%, mde = 10%, alpha 0.05, power 0.8:
    (1.959964 + 0.841621)^2 x (0.0196 + 0.021516) / 0.002^2 = 80,678.6 -> 80,679 per arm.
    Null when p1 is not in (0, 1), mde is not positive or p2 reaches 1. -#}
{% macro delivered_per_arm_needed(control_rate, mde_relative, power, alpha=none, z=none) %}
    {%- set p1 = '(cast(' ~ control_rate ~ ' as double precision))' -%}
    {%- set p2 = '(' ~ p1 ~ ' * (1 + (' ~ mde_relative ~ ')))' -%}
    {%- set z = '(' ~ (z if z is not none else sample_size_z(power, alpha)) ~ ')' -%}
    (case
        when {{ p1 }} > 0 and {{ p1 }} < 1 and ({{ mde_relative }}) > 0 and {{ p2 }} < 1
            then ceil(
                {{ z }} * {{ z }} * ({{ p1 }} * (1 - {{ p1 }}) + {{ p2 }} * (1 - {{ p2 }}))
                / (({{ p2 }} - {{ p1 }}) * ({{ p2 }} - {{ p1 }}))
            )
    end)
{% endmacro %}

{#- Z = z_(1-alpha/2) + z_power, the sum of normal quantiles in the sample-size formula
    (delivered_per_arm_needed, detectable_relative_lift): 1.959964 + 0.841621 = 2.801585 at
    alpha 0.05, power 0.8. Each quantile expands to a long SQL expression (normal_quantile), and
    the formulas use Z several times: a model computing them for many rows computes Z once in a
    column and passes it as their `z`. -#}
{% macro sample_size_z(power, alpha=none) %}
    {%- set alpha_value = alpha if alpha is not none else var('roi_ab_alpha') -%}
    ({{ normal_quantile('1 - ' ~ alpha_value ~ ' / 2.0') }} + {{ normal_quantile(power) }})
{%- endmacro %}
