{%- macro generate_surrogate_key(field_list) -%}
    {{ return(adapter.dispatch('generate_surrogate_key', 'dbt_utils')(field_list)) }}
{%- endmacro -%}


{%- macro default__generate_surrogate_key(field_list) -%}
    {#-
        md5 over every field cast to a string, with nulls replaced by a
        sentinel so that null and '' hash differently, and fields joined by
        '-' so that (null, 'a') and ('a', null) hash differently.
    -#}
    {%- if field_list is string or field_list is mapping or field_list is not iterable -%}
        {%- do exceptions.raise_compiler_error(
            "generate_surrogate_key expects a list of column names or SQL expressions, got: "
            ~ field_list
        ) -%}
    {%- endif -%}

    {%- if var('surrogate_key_treat_nulls_as_empty_strings', false) -%}
        {%- set null_placeholder = '' -%}
    {%- else -%}
        {%- set null_placeholder = '_dbt_utils_surrogate_key_null_' -%}
    {%- endif -%}

    {%- set parts = [] -%}
    {%- for field in field_list -%}
        {%- if not loop.first -%}
            {%- do parts.append("'-'") -%}
        {%- endif -%}
        {%- do parts.append(
            "coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '" ~ null_placeholder ~ "')"
        ) -%}
    {%- endfor -%}

    {%- if parts | length == 1 -%}
        {{ dbt.hash(parts[0]) }}
    {%- else -%}
        {{ dbt.hash(dbt.concat(parts)) }}
    {%- endif -%}
{%- endmacro -%}
