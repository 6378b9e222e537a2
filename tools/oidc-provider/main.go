// Command oidc-provider runs zitadel/oidc's example OpenID Provider (its login page,
// in-memory users and clients, signing keys and every protocol endpoint) for Flightdeck's
// sign-in tests. Only the wiring is ours, for three reasons the example's own main cannot
// meet: it listens on every interface (this binds one loopback address), its issuer is
// always http://localhost:<port>/, and its ID tokens carry no email or groups when an
// access token is issued too (the tests need both to map a person onto Kubernetes RBAC).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// groupsScope asks for the "groups" claim in the ID token.
const groupsScope = "groups"

// claimsClient asserts the email and profile claims into the ID token (the example's
// clients leave them to the userinfo endpoint) and allows the groups scope.
type claimsClient struct{ op.Client }

func (claimsClient) IDTokenUserinfoClaimsAssertion() bool { return true }

func (c claimsClient) IsScopeAllowed(scope string) bool {
	return scope == groupsScope || c.Client.IsScopeAllowed(scope)
}

// claimsStorage is the example's in-memory storage plus a groups claim per user.
type claimsStorage struct {
	*storage.Storage
	groups map[string][]string
}

func (s claimsStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return claimsClient{c}, nil
}

func (s claimsStorage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, req, scopes); err != nil {
		return err
	}
	if slices.Contains(scopes, groupsScope) {
		if g, ok := s.groups[req.GetSubject()]; ok {
			info.AppendClaims("groups", g)
		}
	}
	return nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:9998", "loopback host:port to listen on; the issuer is http://<addr>/")
	usersFile := flag.String("users", "", "JSON map of user id to the example's User fields plus \"Groups\"")
	clientID := flag.String("client-id", "flightdeck", "confidential web client id")
	clientSecret := flag.String("client-secret", "", "web client secret (required)")
	redirects := flag.String("redirect-uri", "", "comma-separated redirect URIs of the client (required)")
	flag.Parse()

	host, _, err := net.SplitHostPort(*addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		fmt.Fprintln(os.Stderr, "oidc-provider: -addr must be a loopback IP and port, e.g. 127.0.0.1:9998")
		os.Exit(2)
	}
	if *usersFile == "" || *clientSecret == "" || *redirects == "" {
		fmt.Fprintln(os.Stderr, "oidc-provider: -users, -client-secret and -redirect-uri are required")
		os.Exit(2)
	}
	raw, err := os.ReadFile(*usersFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "oidc-provider:", err)
		os.Exit(1)
	}
	var extra map[string]struct{ Groups []string }
	if err := json.Unmarshal(raw, &extra); err != nil {
		fmt.Fprintln(os.Stderr, "oidc-provider: users file:", err)
		os.Exit(1)
	}
	groups := map[string][]string{}
	for id, u := range extra {
		groups[id] = u.Groups
	}
	users, err := storage.StoreFromFile(*usersFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "oidc-provider: users file:", err)
		os.Exit(1)
	}

	storage.RegisterClients(storage.WebClient(*clientID, *clientSecret, strings.Split(*redirects, ",")...))
	issuer := fmt.Sprintf("http://%s/", *addr)
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	router := exampleop.SetupServer(issuer, claimsStorage{storage.NewStorage(users), groups}, logger, false)

	logger.Info("oidc-provider listening", "issuer", issuer)
	if err := http.ListenAndServe(*addr, router); err != nil {
		logger.Error("oidc-provider stopped", "error", err)
		os.Exit(1)
	}
}
