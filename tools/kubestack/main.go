// Command kubestack runs a real etcd (embedded) and a real kube-apiserver in one
// process for Flightdeck's local development and test stack.
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	fs := flag.NewFlagSet("kubestack", flag.ExitOnError)
	dataDir := fs.String("data-dir", ".stack/etcd", "etcd data directory")
	etcdPort := fs.Int("etcd-port", 23790, "etcd client port on 127.0.0.1 (peer port is +1)")
	_ = fs.Parse(os.Args[1:])

	cfg := embed.NewConfig()
	cfg.Name = "flightdeck"
	cfg.Dir = filepath.Clean(*dataDir)
	cfg.LogLevel = "warn"
	// NewConfig leaves this at 0, which logs every request as "expensive" at warn level.
	cfg.WarningUnaryRequestDuration = embed.DefaultWarningUnaryRequestDuration
	client, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", *etcdPort))
	peer, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", *etcdPort+1))
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*client}, []url.URL{*client}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*peer}, []url.URL{*peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	etcd, err := embed.StartEtcd(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "etcd:", err)
		os.Exit(1)
	}
	select {
	case <-etcd.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		fmt.Fprintln(os.Stderr, "etcd: not ready after 60s")
		os.Exit(1)
	}

	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(append([]string{"--etcd-servers=" + client.String()}, fs.Args()...))
	code := cli.Run(cmd)
	etcd.Close()
	os.Exit(code)
}
