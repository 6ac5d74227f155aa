{{/*
The pod template of a service. Arguments: root (the chart context), name (the service), values
(its values block), stateful (a Kafka Streams service: state on the "state" volume claim).
Credentials arrive as files (Spring's configtree): they never appear in the pod spec.
*/}}
{{- define "consent-gate.podTemplate" -}}
metadata:
  labels:
    {{- include "consent-gate.selectorLabels" . | nindent 4 }}
  annotations:
    checksum/config: {{ include "consent-gate.applicationYaml" . | sha256sum }}
    {{- if not .root.Values.secrets.existingSecret }}
    checksum/credentials: {{ include (print .root.Template.BasePath "/secret.yaml") .root | sha256sum }}
    {{- end }}
spec:
  automountServiceAccountToken: false
  {{- with .root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml .root.Values.podSecurityContext | nindent 4 }}
  {{- if .stateful }}
  # Time to commit the transaction in flight and hand partitions over cleanly.
  terminationGracePeriodSeconds: 60
  {{- end }}
  containers:
    - name: {{ .name }}
      image: {{ printf "%s/%s:%s" .root.Values.image.repository .name (default .root.Chart.AppVersion .root.Values.image.tag) | quote }}
      imagePullPolicy: {{ .root.Values.image.pullPolicy }}
      securityContext:
        {{- toYaml .root.Values.securityContext | nindent 8 }}
      ports:
        - name: http
          containerPort: {{ .values.port }}
          protocol: TCP
      env:
        - name: SPRING_CONFIG_ADDITIONAL_LOCATION
          value: optional:file:/etc/consentgate/config/
        - name: SPRING_CONFIG_IMPORT
          value: optional:configtree:/etc/consentgate/credentials/
        {{- if .stateful }}
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        # Where other instances reach this one's state stores (Kafka Streams application.server):
        # the projector forwards queries there; the gate names it when a query belongs elsewhere.
        {{- $host := printf "$(POD_NAME).%s-%s-headless.%s.svc" (include "consent-gate.fullname" .root) .name .root.Release.Namespace }}
        {{- if eq .name "consent-projector" }}
        - name: CONSENTGATE_PROJECTOR_ADVERTISEDHOST
          value: {{ $host | quote }}
        {{- else }}
        - name: SPRING_KAFKA_STREAMS_PROPERTIES_APPLICATION_SERVER
          value: {{ printf "%s:%v" $host .values.port | quote }}
        {{- end }}
        # Static membership: the pod's stable name is its member id in the consumer group, so a restarted instance takes
        # its partitions back at once instead of after the dead member's session (send-gate README, "Failover and restarts").
        - name: SPRING_KAFKA_STREAMS_PROPERTIES_GROUP_INSTANCE_ID
          value: "$(POD_NAME)"
        {{- end }}
        {{- with .values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      startupProbe:
        httpGet:
          path: /actuator/health/liveness
          port: http
        periodSeconds: 5
        failureThreshold: 60
      livenessProbe:
        httpGet:
          path: /actuator/health/liveness
          port: http
        periodSeconds: 10
        failureThreshold: 3
      readinessProbe:
        httpGet:
          path: /actuator/health/readiness
          port: http
        periodSeconds: 5
        failureThreshold: 3
      resources:
        {{- toYaml .values.resources | nindent 8 }}
      volumeMounts:
        - name: config
          mountPath: /etc/consentgate/config
          readOnly: true
        - name: credentials
          mountPath: /etc/consentgate/credentials
          readOnly: true
        - name: tmp
          mountPath: /tmp
        {{- if .stateful }}
        - name: state
          mountPath: /var/lib/consentgate
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "consent-gate.fullname" .root }}-{{ .name }}
    - name: credentials
      secret:
        secretName: {{ include "consent-gate.secretName" .root }}
    # RocksDB and the JVM need a writable /tmp; the root filesystem is read-only.
    - name: tmp
      emptyDir: {}
  {{- with .root.Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .root.Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .root.Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}
