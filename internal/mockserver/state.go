package mockserver

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"
)

// state is everything the mock knows. It is guarded by Server.mu; the store saves it object by object.
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
}

// account is an account as stored: its wire form plus the soft-delete mark.
type account struct {
	accountJSON
	Deleted bool `json:"deleted"`
	// answer is the account's last JSON answer, kept for the reads that follow (see
	// account.answerJSON); it is not stored.
	answer atomic.Pointer[accountAnswer]
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

// emptyState is a state with no objects, for a store to load into.
func emptyState() *state {
	return &state{
		Accounts: map[string]*account{}, Tokens: map[string]*token{}, Plans: map[string]*plan{},
		Plugins: map[string]*plugin{}, PoolAccounts: map[string]*poolAccount{}, Leases: map[string]*lease{},
		Usage: map[string]*usageRecord{},
	}
}

// open builds the server's state: loaded from Options.StateFile when it holds one, else the initial
// state (saved to the file at once, so an unwritable file fails the start), plus Options.PlansFile.
func (s *Server) open() error {
	st := newState(s.now())
	fresh := true
	if path := s.opts.StateFile; path != "" {
		legacy, err := readLegacyStateFile(path)
		if err != nil {
			return err
		}
		db, err := openBoltStore(path)
		if err != nil {
			return err
		}
		s.store = db
		loaded := emptyState()
		found, err := db.load(loaded)
		if err != nil {
			_ = db.close()
			return err
		}
		switch {
		case legacy != nil:
			st = legacy
		case found:
			st, fresh = loaded, false
			if st.RootTokenCreatedAt.IsZero() {
				st.RootTokenCreatedAt = s.now().Truncate(time.Second)
				s.changed(bucketMeta, metaRootTokenCreatedAt)
			}
		}
	}
	if fresh {
		s.changedAll(st)
	}
	loaded, err := st.loadPlansFile(s.opts.PlansFile)
	if err != nil {
		_ = s.Close()
		return err
	}
	for _, id := range loaded {
		s.changed(bucketPlans, id)
	}
	s.state = st
	s.reindexAll()
	if err := s.commitChanges()(); err != nil {
		_ = s.Close()
		return fmt.Errorf("state file %s cannot be written: %w", s.opts.StateFile, err)
	}
	return nil
}

// readLegacyStateFile reads a state file written whole as JSON by an earlier sandbox-mock and moves
// it aside (to PATH.json-backup), so its contents move into the bbolt database that replaces it.
// Any other file gives nil.
func readLegacyStateFile(path string) (*state, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading state file: %w", err)
	}
	first := make([]byte, 1)
	n, _ := f.Read(first) // an empty or unreadable start is no JSON file; bbolt says what it is
	_ = f.Close()
	if n == 0 || first[0] != '{' {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading state file: %w", err)
	}
	st := emptyState()
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("state file %s is neither a sandbox-mock database nor a valid JSON state: %w", path, err)
	}
	st.fillMissingMaps()
	if err := os.Rename(path, path+".json-backup"); err != nil {
		return nil, fmt.Errorf("moving the JSON state file aside: %w", err)
	}
	return st, nil
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

// isUUID reports whether id is a canonical UUID (8-4-4-4-12 hex digits, either case), the form of
// every id in the Account API. Every Account API request checks its path ids, so no regexp.
func isUUID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHexDigit(c) {
				return false
			}
		}
	}
	return true
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	hex.Encode(out[9:13], b[4:6])
	hex.Encode(out[14:18], b[6:8])
	hex.Encode(out[19:23], b[8:10])
	hex.Encode(out[24:36], b[10:16])
	out[8], out[13], out[18], out[23] = '-', '-', '-', '-'
	return string(out[:])
}

// newSecret returns a 43-character base64url secret, the real system's format.
func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
