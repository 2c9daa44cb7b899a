#ifndef KSERVE_CYAML_SHIM_H
#define KSERVE_CYAML_SHIM_H

#include <yaml.h>

// libyaml's event and token structs keep their payloads in anonymous unions, which Swift imports awkwardly.
// These accessors name the fields the YAML layer reads.

static inline const char *kserve_yaml_scalar_value(const yaml_event_t *event) {
    return (const char *)event->data.scalar.value;
}

static inline size_t kserve_yaml_scalar_length(const yaml_event_t *event) {
    return event->data.scalar.length;
}

static inline const char *kserve_yaml_scalar_tag(const yaml_event_t *event) {
    return (const char *)event->data.scalar.tag;
}

static inline const char *kserve_yaml_scalar_anchor(const yaml_event_t *event) {
    return (const char *)event->data.scalar.anchor;
}

static inline int kserve_yaml_scalar_plain_implicit(const yaml_event_t *event) {
    return event->data.scalar.plain_implicit;
}

static inline yaml_scalar_style_t kserve_yaml_scalar_style(const yaml_event_t *event) {
    return event->data.scalar.style;
}

static inline const char *kserve_yaml_alias_anchor(const yaml_event_t *event) {
    return (const char *)event->data.alias.anchor;
}

static inline const char *kserve_yaml_sequence_anchor(const yaml_event_t *event) {
    return (const char *)event->data.sequence_start.anchor;
}

static inline const char *kserve_yaml_sequence_tag(const yaml_event_t *event) {
    return (const char *)event->data.sequence_start.tag;
}

static inline const char *kserve_yaml_mapping_anchor(const yaml_event_t *event) {
    return (const char *)event->data.mapping_start.anchor;
}

static inline const char *kserve_yaml_mapping_tag(const yaml_event_t *event) {
    return (const char *)event->data.mapping_start.tag;
}

#endif
