{{/* Full name of the release's objects: <release>-flightdeck, or the release name when it already says flightdeck. */}}
{{- define "flightdeck.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "flightdeck.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: stable for the life of a release (a Deployment's selector is immutable). */}}
{{- define "flightdeck.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flightdeck.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "flightdeck.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "flightdeck.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: kubernaut
{{- end }}

{{- define "flightdeck.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}
{{- end }}

{{- define "flightdeck.dataStorageUrl" -}}
{{- default (printf "http://%s.%s.svc.cluster.local:8080" .Values.kubernaut.dataStorage.serviceName .Values.kubernaut.namespace) .Values.kubernaut.dataStorage.url -}}
{{- end }}

{{/* The port the Service sends traffic to: oauth2-proxy in proxy mode, Flightdeck otherwise. */}}
{{- define "flightdeck.webPortName" -}}
{{- if eq .Values.auth.mode "proxy" }}proxy{{ else }}http{{ end -}}
{{- end }}

{{/*
Namespaced read rules, by namespace, as a YAML map of namespace -> list of purposes:
  kubernaut  : WorkflowExecutions and RemediationRequests (only when watchNamespaces is set)
  execution  : PipelineRuns, TaskRuns (list/watch) and Jobs (get) of executions
  readiness  : Deployments, Pods and Events (list) for the readiness checks
A namespace serving several purposes gets one Role with all of their rules.
*/}}
{{- define "flightdeck.namespacePurposes" -}}
{{- $m := dict -}}
{{- range .Values.watchNamespaces }}{{ $_ := set $m . (append (get $m . | default list) "kubernaut") }}{{ end -}}
{{- $ex := .Values.kubernaut.executionNamespace -}}
{{- $_ := set $m $ex (append (get $m $ex | default list) "execution") -}}
{{- range .Values.readinessNamespaces }}{{ $_ := set $m . (append (get $m . | default list) "readiness") }}{{ end -}}
{{- toYaml $m -}}
{{- end }}

{{/* Rule lists shared by the ClusterRole (cluster-wide watch) and the namespaced Roles. */}}
{{- define "flightdeck.rules.kubernaut" -}}
# WorkflowExecutions: list+watch (the cache), get (the detail page). RemediationRequests:
# list+watch (the cache), list by name (correlations).
- apiGroups: ["kubernaut.ai"]
  resources: ["workflowexecutions"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["kubernaut.ai"]
  resources: ["remediationrequests"]
  verbs: ["list", "watch"]
{{- end }}

{{- define "flightdeck.rules.execution" -}}
# Tekton PipelineRuns/TaskRuns of executions (list+watch) and Job-engine executions (get).
- apiGroups: ["tekton.dev"]
  resources: ["pipelineruns", "taskruns"]
  verbs: ["list", "watch"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get"]
{{- end }}

{{- define "flightdeck.rules.readiness" -}}
# Infrastructure readiness: Deployments, Pods and warning Events of Kubernaut's services.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list"]
- apiGroups: [""]
  resources: ["pods", "events"]
  verbs: ["list"]
{{- end }}

{{- define "flightdeck.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.database.existingSecret) -}}
{{- fail "replicaCount > 1 needs database.existingSecret: the embedded database is per Pod, so replicas would disagree about test results" -}}
{{- end -}}
{{- if eq .Values.auth.mode "proxy" -}}
{{- if not (and .Values.auth.proxy.issuerUrl .Values.auth.proxy.clientId .Values.auth.proxy.existingSecret) -}}
{{- fail "auth.mode=proxy needs auth.proxy.issuerUrl, auth.proxy.clientId and auth.proxy.existingSecret (keys client-secret and cookie-secret)" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) -}}
{{- fail "ingress.enabled needs ingress.host" -}}
{{- end -}}
{{- end }}

{{/*
The Secret with the session key: auth.session.existingSecret, or, in token mode without
one, the Secret this chart generates (<fullname>-session). Empty when no session key is
used.
*/}}
{{- define "flightdeck.sessionSecret" -}}
{{- if .Values.auth.session.existingSecret -}}
{{ .Values.auth.session.existingSecret }}
{{- else if eq .Values.auth.mode "token" -}}
{{ include "flightdeck.fullname" . }}-session
{{- end -}}
{{- end }}
