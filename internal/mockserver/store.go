package mockserver

import (
	"encoding/json"
	"fmt"
	"time"
)

// store makes the mock's state durable. The server tells it which objects changed; it writes only
// those. Implementations: boltStore (Options.StateFile), and fakes in tests.
type store interface {
	// load fills st from the store; found is false for a new, empty store.
	load(st *state) (found bool, err error)
	// save hands writes to the store, in the order the server made them, and returns the function
	// that waits until they are durable (or failed). The caller holds Server.mu; the wait must not.
	save(writes []storeWrite) (wait func() error)
	close() error
}

// storeWrite is one object to write (value) or delete (nil value).
type storeWrite struct {
	bucket string
	key    string
	value  []byte
}

// Buckets of the store, one per entity.
const (
	bucketAccounts     = "accounts"
	bucketTokens       = "tokens"
	bucketPlans        = "plans"
	bucketPlugins      = "plugins"
	bucketPoolAccounts = "poolAccounts"
	bucketLeases       = "leases"
	bucketUsage        = "usage"
	bucketMeta         = "meta"
	// bucketWasm holds every uploaded plugin binary under its hex SHA-256 (a plugin's wasmSha256),
	// so a binary uploaded many times is stored once. Binaries are not loaded into memory at start:
	// the state keeps only their size and digest.
	bucketWasm = "wasm"
)

// metaRootTokenCreatedAt is the meta bucket's key of state.RootTokenCreatedAt.
const metaRootTokenCreatedAt = "rootTokenCreatedAt"

// changeKey names one stored object.
type changeKey struct{ bucket, id string }

// changeSet is the set of objects changed since the last commit. A key's value is nil for an object
// of the state (encoded at commit), or the bytes to store for one kept outside it (a binary).
type changeSet map[changeKey][]byte

// changed records that the object id of bucket was created, modified or deleted, so the next
// commit writes it. Every change to the state goes through here. The caller holds s.mu.
func (s *Server) changed(bucket, id string) {
	s.collect(changeKey{bucket, id}, nil)
	s.reindex(bucket, id)
	switch bucket {
	case bucketLeases, bucketPoolAccounts, bucketUsage:
		// The next settle has work to look at.
		s.settleDue = time.Time{}
	}
}

// changedBinary records bytes to store under key in a bucket of things the state does not hold
// (bucketWasm). The caller holds s.mu.
func (s *Server) changedBinary(bucket, key string, data []byte) {
	s.collect(changeKey{bucket, key}, data)
}

// collect adds a change to those the next commit writes. In memory there is nothing to commit, so
// nothing is collected. The caller holds s.mu.
func (s *Server) collect(k changeKey, data []byte) {
	if s.store == nil {
		return
	}
	if s.changes == nil {
		s.changes = changeSet{}
	}
	s.changes[k] = data
}

// keepsBinaries reports whether uploaded binaries are stored (only with a state file).
func (s *Server) keepsBinaries() bool { return s.store != nil }

// changedAll records every object of st as changed, for a fresh store or a replaced state.
func (s *Server) changedAll(st *state) {
	for _, b := range buckets {
		for _, id := range b.ids(st) {
			s.changed(b.name, id)
		}
	}
}

// commitChanges hands the recorded changes to the store and returns the wait for their commit;
// without changes (and without a store there are none) there is nothing to wait for. The caller
// holds s.mu.
func (s *Server) commitChanges() func() error {
	if len(s.changes) == 0 {
		return noCommit
	}
	changes := s.changes
	s.changes = nil
	writes := make([]storeWrite, 0, len(changes))
	for k, value := range changes {
		if value == nil {
			var err error
			if value, err = s.state.encode(k); err != nil {
				return func() error { return err }
			}
		}
		writes = append(writes, storeWrite{bucket: k.bucket, key: k.id, value: value})
	}
	return s.store.save(writes)
}

// persist commits the recorded changes and waits for them, logging a failure. Helpers that act on
// the state outside a request call it before they release s.mu.
func (s *Server) persist() {
	if err := s.commitChanges()(); err != nil {
		s.log.Error("saving state failed", "error", err.Error())
	}
}

// bucketDef says how one bucket maps to the state.
type bucketDef struct {
	name string
	ids  func(st *state) []string
	get  func(st *state, id string) (any, bool)
	put  func(st *state, id string, data []byte) error
}

// buckets lists every bucket of the store.
var buckets = []bucketDef{
	mapBucket(bucketAccounts, func(st *state) map[string]*account { return st.Accounts }),
	mapBucket(bucketTokens, func(st *state) map[string]*token { return st.Tokens }),
	mapBucket(bucketPlans, func(st *state) map[string]*plan { return st.Plans }),
	mapBucket(bucketPlugins, func(st *state) map[string]*plugin { return st.Plugins }),
	mapBucket(bucketPoolAccounts, func(st *state) map[string]*poolAccount { return st.PoolAccounts }),
	mapBucket(bucketLeases, func(st *state) map[string]*lease { return st.Leases }),
	mapBucket(bucketUsage, func(st *state) map[string]*usageRecord { return st.Usage }),
	{
		name: bucketMeta,
		ids:  func(*state) []string { return []string{metaRootTokenCreatedAt} },
		get: func(st *state, id string) (any, bool) {
			return st.RootTokenCreatedAt, id == metaRootTokenCreatedAt
		},
		put: func(st *state, id string, data []byte) error {
			if id != metaRootTokenCreatedAt {
				return nil
			}
			return json.Unmarshal(data, &st.RootTokenCreatedAt)
		},
	},
}

// mapBucket is the bucketDef of one of the state's maps, each object stored as JSON under its id.
func mapBucket[T any](name string, m func(st *state) map[string]*T) bucketDef {
	return bucketDef{
		name: name,
		ids: func(st *state) []string {
			ids := make([]string, 0, len(m(st)))
			for id := range m(st) {
				ids = append(ids, id)
			}
			return ids
		},
		get: func(st *state, id string) (any, bool) {
			v, ok := m(st)[id]
			return v, ok
		},
		put: func(st *state, id string, data []byte) error {
			v := new(T)
			if err := json.Unmarshal(data, v); err != nil {
				return err
			}
			m(st)[id] = v
			return nil
		},
	}
}

func bucketNamed(name string) (bucketDef, bool) {
	for _, b := range buckets {
		if b.name == name {
			return b, true
		}
	}
	return bucketDef{}, false
}

// encode is the stored form of one object, nil when it no longer exists.
func (st *state) encode(k changeKey) ([]byte, error) {
	b, ok := bucketNamed(k.bucket)
	if !ok {
		return nil, fmt.Errorf("no bucket %q", k.bucket)
	}
	v, ok := b.get(st, k.id)
	if !ok {
		return nil, nil
	}
	return json.Marshal(v)
}
