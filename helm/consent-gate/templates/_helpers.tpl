{{/* Release-scoped base name, at most 63 characters with room for a service suffix. */}}
{{- define "consent-gate.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object; "name" is the service (consent-events, consent-projector, send-gate). */}}
{{- define "consent-gate.labels" -}}
{{ include "consent-gate.selectorLabels" . }}
app.kubernetes.io/part-of: consent-gate
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "consent-gate.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The Secret the services read their credentials from. */}}
{{- define "consent-gate.secretName" -}}
{{- default (printf "%s-credentials" (include "consent-gate.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/*
A service's Spring configuration (application.yml, mounted from a ConfigMap): where Kafka and the
registry are, and for Kafka Streams services where state lives, how many standbys to keep and how
the topics Kafka Streams creates are replicated.
The service's own "config" values are merged over it.
*/}}
{{- define "consent-gate.applicationYaml" -}}
{{- $kafka := dict "bootstrap-servers" .root.Values.kafka.bootstrapServers -}}
{{- with .root.Values.kafka.properties }}
{{- $_ := set $kafka "properties" . -}}
{{- end }}
{{- if .stateful }}
{{- $streams := dict "num.standby.replicas" .values.standbyReplicas "replication.factor" .root.Values.kafka.replicationFactor "topic.min.insync.replicas" .root.Values.kafka.minInsyncReplicas -}}
{{- $_ := set $kafka "streams" (dict "state-dir" "/var/lib/consentgate/state" "properties" $streams) -}}
{{- end }}
{{- $base := dict "server" (dict "port" .values.port) "spring" (dict "kafka" $kafka) "consentgate" (dict "schema-registry" (dict "url" .root.Values.schemaRegistry.url)) -}}
{{- toYaml (mustMergeOverwrite $base (deepCopy .values.config)) -}}
{{- end -}}
