package mockserver

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// state is everything the mock knows. It is guarded by Server.mu and saved whole to the state file.
type state struct {
	Accounts map[string]*account `json:"accounts"`
	Tokens   map[string]*token   `json:"tokens"`
	Plans    map[string]*plan    `json:"plans"`
	Plugins  map[string]*plugin  `json:"plugins"`
	// RootTokenCreatedAt is when the admin token came to be (the first start), for GET /v1/login/token.
	RootTokenCreatedAt time.Time `json:"rootTokenCreatedAt"`
	// Lease API: pool accounts by id, leases by id, usage records by principal and day.
	PoolAccounts map[string]*poolAccount `json:"poolAccounts"`
	Leases       map[string]*lease       `json:"leases"`
	Usage        map[string]*usageRecord `json:"usage"`
	// LeaseCredentials lists the credentials handed out by POST /leases/{id}/auth, so tests can
	// prove the secrets never reach Terraform's state or logs. Never saved to the state file.
	LeaseCredentials []leaseAuthJSON `json:"-"`
}

// account is an account as stored: its wire form plus the soft-delete mark.
type account struct {
	accountJSON
	Deleted bool `json:"deleted"`
}

type token struct {
	ID        string    `json:"id"`
	AccountID string    `json:"accountId"`
	Secret    string    `json:"secret"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// plan is a catalogue entry, stored in its wire form.
type plan = planJSON

// Plan ids of the built-in catalogue. DefaultPlanID is given to every new account.
const (
	DefaultPlanID   = "b3f60ba2-c1fd-4b3a-a23d-8e876e0ef75d"
	LargePlanID     = "c685f150-7cb7-436f-9700-386be171480b"
	UnlimitedPlanID = "e808bd76-a6ab-4090-ade4-8447b8e8550f"
)

// builtinPlans are the seed's two plan ids, with the real default plan's limits, plus the real
// local-development plan whose limits are the largest unsigned 64-bit number.
func builtinPlans() map[string]*plan {
	const maxUint64 = ^uint64(0)
	plans := []*plan{
		{PlanID: DefaultPlanID, Name: "default", AppLimit: 10, EnvLimit: 40, ComponentLimit: 100, WorkerLimit: 10000,
			WorkerConnectionLimit: 100, StorageLimit: 500000000, MonthlyGasLimit: 1000000000000000000,
			MonthlyUploadLimit: 1000000000, MaxMemoryPerWorker: 1073741824},
		{PlanID: LargePlanID, Name: "large", AppLimit: 100, EnvLimit: 400, ComponentLimit: 1000, WorkerLimit: 100000,
			WorkerConnectionLimit: 1000, StorageLimit: 50000000000, MonthlyGasLimit: 10000000000000000000,
			MonthlyUploadLimit: 100000000000, MaxMemoryPerWorker: 4294967296},
		{PlanID: UnlimitedPlanID, Name: "unlimited", AppLimit: maxUint64, EnvLimit: maxUint64, ComponentLimit: maxUint64,
			WorkerLimit: maxUint64, WorkerConnectionLimit: maxUint64, StorageLimit: maxUint64, MonthlyGasLimit: maxUint64,
			MonthlyUploadLimit: maxUint64, MaxMemoryPerWorker: maxUint64},
	}
	out := make(map[string]*plan, len(plans))
	for _, p := range plans {
		out[p.PlanID] = p
	}
	return out
}

// rootTokenID is the id of the token record behind the admin secret.
const rootTokenID = "00000000-0000-4000-8000-000000000001"

func newState(now time.Time) *state {
	return &state{
		Accounts: map[string]*account{
			RootAccountID: {accountJSON: accountJSON{ID: RootAccountID, Name: "Initial User", Email: "initial@user", PlanID: DefaultPlanID, Roles: []string{roleAdmin}}},
		},
		Tokens:             map[string]*token{},
		Plans:              builtinPlans(),
		Plugins:            map[string]*plugin{},
		RootTokenCreatedAt: now.Truncate(time.Second),
		PoolAccounts:       map[string]*poolAccount{},
		Leases:             map[string]*lease{},
		Usage:              map[string]*usageRecord{},
	}
}

// loadState reads a state file; a missing file means a fresh start.
func loadState(path string) (*state, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading state file: %w", err)
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("state file %s is not valid: %w", path, err)
	}
	st.fillMissingMaps()
	return &st, nil
}

func (st *state) fillMissingMaps() {
	if st.Accounts == nil {
		st.Accounts = map[string]*account{}
	}
	if st.Tokens == nil {
		st.Tokens = map[string]*token{}
	}
	if st.Plans == nil {
		st.Plans = builtinPlans()
	}
	if st.Plugins == nil {
		st.Plugins = map[string]*plugin{}
	}
	if st.PoolAccounts == nil {
		st.PoolAccounts = map[string]*poolAccount{}
	}
	if st.Leases == nil {
		st.Leases = map[string]*lease{}
	}
	if st.Usage == nil {
		st.Usage = map[string]*usageRecord{}
	}
}

// persist writes the state file atomically (temp file, then rename), so a crash never leaves half a file.
// The caller holds s.mu.
func (s *Server) persist() {
	if s.opts.StateFile == "" {
		return
	}
	if err := writeFileAtomic(s.opts.StateFile, s.state); err != nil && s.opts.Logger != nil {
		s.opts.Logger.Printf("saving state: %v", err)
	}
}

func writeFileAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// uuidPattern matches a canonical UUID, the form of every id in the Account API.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// newSecret returns a 43-character base64url secret, the real system's format.
func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
