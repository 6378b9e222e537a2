// Package suites holds the Ginkgo specs `npm run demo` runs to produce real test reports
// for Flightdeck's readiness page: a handful of specs per Kubernaut service and tier,
// labelled `<service>` and `<tier>`. One run is one cell of the readiness matrix: it builds
// only the specs of DEMO_SERVICE and DEMO_TIER (a label filter would list the rest as skipped).
//
// The demo decides which specs fail (DEMO_FAIL, comma-separated spec keys) so the page
// shows a history with a red run, a flaky test and a blocked service; the reports
// themselves are what Ginkgo writes (--ginkgo.junit-report, --ginkgo.json-report) and what
// `go tool test2json` makes of the run.
package suites

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

func TestSuites(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "Kubernaut services")
}

type spec struct {
	key     string
	name    string
	failure string
	tiers   []string
}

var all = []string{"unit", "integration", "e2e"}

var services = map[string][]spec{
	"workflowexecution": {
		{"wfe-pipelinerun", "creates the PipelineRun named after the target", "expected PipelineRun wfe-3f2a9c1e to exist", all},
		{"wfe-selection-once", "emits selection.completed exactly once per execution", "expected 1 selection.completed event, got 2", all},
		{"wfe-cooldown", "holds a second execution for the same target during the cooldown", "expected phase Pending, got Running", []string{"unit", "integration"}},
		{"wfe-failure-details", "copies the failed TaskRun into failureDetails", "failedTaskName is empty", all},
		{"wfe-block-clearance", "records who cleared a block and why", "blockClearance.clearedBy: expected operator@example.com", []string{"integration", "e2e"}},
		{"wfe-job-engine", "runs a Job-engine workflow to completion", "Job wfe-91c0 did not complete within 2m0s", []string{"integration", "e2e"}},
	},
	"datastorage": {
		{"ds-batch", "stores a batch of 500 events in one transaction", "expected 500 rows, got 499", all},
		{"ds-hash-chain", "links each event to the previous one of its correlation", "previous_event_hash mismatch at event 17", all},
		{"ds-retention", "rejects events older than 7 days", "expected HTTP 400, got 201", []string{"unit", "integration"}},
		{"ds-verify-chain", "verifies a correlation's chain after a restart", "verify-chain reported 3 tampered events", []string{"integration", "e2e"}},
		{"ds-export", "signs an export with the configured key", "signature verification failed", []string{"e2e"}},
	},
	"gateway": {
		{"gw-dedup", "deduplicates a repeated alert within the window", "expected occurrence_count 2, got 1", all},
		{"gw-rr-created", "creates one RemediationRequest per new fingerprint", "expected 1 RemediationRequest, found 2", all},
		{"gw-storm", "aggregates an alert storm into one remediation", "storm aggregation window closed early after 4.1s", []string{"integration", "e2e"}},
		{"gw-auth", "rejects an unauthenticated webhook", "expected HTTP 401, got 200", []string{"unit", "e2e"}},
	},
	"remediationorchestrator": {
		{"ro-phases", "moves a RemediationRequest through its phases", "expected phase Executing, got Analyzing", all},
		{"ro-approval", "waits for approval when confidence is low", "approval request was not created", []string{"unit", "integration"}},
		{"ro-timeout", "times out a remediation that exceeds its deadline", "expected TimedOut after 10m, still Executing", []string{"integration", "e2e"}},
		{"ro-notify", "notifies on completion", "no NotificationRequest for rr-7d1c", all},
	},
}

func failing() map[string]bool {
	out := map[string]bool{}
	for _, k := range strings.Split(os.Getenv("DEMO_FAIL"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			out[k] = true
		}
	}
	return out
}

func contains(list []string, want string) bool {
	for _, s := range list {
		if s == want {
			return true
		}
	}
	return false
}

var _ = Describe("Kubernaut", func() {
	fail := failing()
	service, tier := os.Getenv("DEMO_SERVICE"), os.Getenv("DEMO_TIER")
	Context(service, func() {
		for _, s := range services[service] {
			if !contains(s.tiers, tier) {
				continue
			}
			It(s.name, Label(service, tier), func() {
				// A little work so durations are not all zero.
				time.Sleep(time.Duration(5+len(s.key)) * time.Millisecond)
				GinkgoWriter.Printf("%s/%s: %s\n", service, tier, s.key)
				Expect(fail[s.key]).To(BeFalse(), fmt.Sprintf("%s (%s)", s.failure, s.key))
			})
		}
	})
})
