package mockserver

import (
	"cmp"
	"slices"
	"sort"
)

// indexes are lookups kept beside the state so that no request scans or sorts everything: live
// accounts by email, tokens by secret, leases in the Lease API's scan order (account id, then
// principal id) and by principal while active, pool accounts in id order. Server.changed keeps
// them current; reindexAll builds them after a load.
type indexes struct {
	emailOf  map[string]string   // account id → the email it is indexed under
	byEmail  map[string][]string // email → live account ids, sorted
	secretOf map[string]string   // token id → secret
	bySecret map[string]string   // secret → token id

	leaseKeyOf    map[string]leaseKey   // lease id → its place in leases
	leases        sortedIndex[leaseKey] // every lease in scan order
	activeOf      map[string]string     // active lease id → principal
	activeByPrinc map[string][]string   // principal → active lease ids, sorted
	pool          sortedIndex[string]   // pool account ids
	poolIndexed   map[string]struct{}   // pool account ids in pool
}

// leaseKey orders leases as the Lease API scans them; the id keeps two records of one pair apart.
type leaseKey struct{ accountID, principalID, id string }

func compareLeaseKeys(a, b leaseKey) int {
	return cmp.Or(cmp.Compare(a.accountID, b.accountID), cmp.Compare(a.principalID, b.principalID), cmp.Compare(a.id, b.id))
}

// sortedIndex is a sorted slice: O(log n) to find a place, O(page) to read a page from it. Inserts
// and removals move the tail, which for the mock's sizes costs less than a tree's allocations.
type sortedIndex[K any] struct {
	keys    []K
	compare func(a, b K) int
	// bulk appends instead of inserting, while reindexAll builds the index; it sorts once at the end.
	bulk bool
}

func (x *sortedIndex[K]) insert(k K) {
	if x.bulk {
		x.keys = append(x.keys, k)
		return
	}
	i, found := slices.BinarySearchFunc(x.keys, k, x.compare)
	if !found {
		x.keys = slices.Insert(x.keys, i, k)
	}
}

func (x *sortedIndex[K]) remove(k K) {
	if i, found := slices.BinarySearchFunc(x.keys, k, x.compare); found {
		x.keys = slices.Delete(x.keys, i, i+1)
	}
}

// firstAfter is the position of the first key for which after reports true; after must be false
// for a prefix of the keys and true for the rest.
func (x *sortedIndex[K]) firstAfter(after func(k K) bool) int {
	return sort.Search(len(x.keys), func(i int) bool { return after(x.keys[i]) })
}

func newIndexes() *indexes {
	return &indexes{
		emailOf: map[string]string{}, byEmail: map[string][]string{},
		secretOf: map[string]string{}, bySecret: map[string]string{},
		leaseKeyOf: map[string]leaseKey{}, leases: sortedIndex[leaseKey]{compare: compareLeaseKeys},
		activeOf: map[string]string{}, activeByPrinc: map[string][]string{},
		pool: sortedIndex[string]{compare: cmp.Compare[string]}, poolIndexed: map[string]struct{}{},
	}
}

// reindexAll builds the indexes of the whole state. The caller holds s.mu.
func (s *Server) reindexAll() {
	s.idx = newIndexes()
	s.idx.leases.bulk, s.idx.pool.bulk = true, true
	for _, b := range buckets {
		for _, id := range b.ids(s.state) {
			s.reindex(b.name, id)
		}
	}
	s.idx.leases.sortOnce()
	s.idx.pool.sortOnce()
}

// sortOnce ends a bulk build: the keys are sorted and inserts go back to their places.
func (x *sortedIndex[K]) sortOnce() {
	slices.SortFunc(x.keys, x.compare)
	x.bulk = false
}

// reindex brings the indexes up to date with one changed object. The caller holds s.mu.
func (s *Server) reindex(bucket, id string) {
	if s.idx == nil || s.state == nil {
		return
	}
	ix := s.idx
	switch bucket {
	case bucketAccounts:
		if old, ok := ix.emailOf[id]; ok {
			removeFromSet(ix.byEmail, old, id)
			delete(ix.emailOf, id)
		}
		if a, ok := s.state.Accounts[id]; ok && !a.Deleted {
			addToSet(ix.byEmail, a.Email, id)
			ix.emailOf[id] = a.Email
		}
	case bucketTokens:
		if old, ok := ix.secretOf[id]; ok {
			if ix.bySecret[old] == id {
				delete(ix.bySecret, old)
			}
			delete(ix.secretOf, id)
		}
		if t, ok := s.state.Tokens[id]; ok {
			ix.bySecret[t.Secret] = id
			ix.secretOf[id] = t.Secret
		}
	case bucketLeases:
		l, exists := s.state.Leases[id]
		var k leaseKey
		if exists {
			k = leaseKey{l.AccountID, l.PrincipalID, l.ID}
		}
		// A lease keeps its account and principal, so most changes (status, usage) leave its place alone.
		if old, ok := ix.leaseKeyOf[id]; ok && (!exists || old != k) {
			ix.leases.remove(old)
			delete(ix.leaseKeyOf, id)
		}
		if _, ok := ix.leaseKeyOf[id]; exists && !ok {
			ix.leases.insert(k)
			ix.leaseKeyOf[id] = k
		}
		if principal, ok := ix.activeOf[id]; ok {
			removeFromSet(ix.activeByPrinc, principal, id)
			delete(ix.activeOf, id)
		}
		if exists {
			if l.Status == leaseActive {
				addToSet(ix.activeByPrinc, l.PrincipalID, id)
				ix.activeOf[id] = l.PrincipalID
			}
		}
	case bucketPoolAccounts:
		_, indexed := ix.poolIndexed[id]
		_, exists := s.state.PoolAccounts[id]
		switch {
		case exists && !indexed:
			ix.pool.insert(id)
			ix.poolIndexed[id] = struct{}{}
		case !exists && indexed:
			ix.pool.remove(id)
			delete(ix.poolIndexed, id)
		}
	}
}

// addToSet adds v to the sorted set under key. A set is a sorted slice: it holds one or two ids
// (an email's live accounts, a principal's active leases), for which a slice costs one small
// allocation where a map costs several.
func addToSet(m map[string][]string, key, v string) {
	set := m[key]
	if i, found := slices.BinarySearch(set, v); !found {
		m[key] = slices.Insert(set, i, v)
	}
}

// removeFromSet removes v from the set under key, and the key with its last id.
func removeFromSet(m map[string][]string, key, v string) {
	set := m[key]
	if i, found := slices.BinarySearch(set, v); found {
		if len(set) == 1 {
			delete(m, key)
			return
		}
		m[key] = slices.Delete(set, i, i+1)
	}
}

// leasesInOrder returns the leases in scan order. The caller holds s.mu.
func (s *Server) leasesInOrder() []*lease {
	out := make([]*lease, 0, len(s.idx.leases.keys))
	for _, k := range s.idx.leases.keys {
		out = append(out, s.state.Leases[k.id])
	}
	return out
}

// poolAccountsInOrder returns the pool accounts in id order. The caller holds s.mu.
func (s *Server) poolAccountsInOrder() []*poolAccount {
	out := make([]*poolAccount, 0, len(s.idx.pool.keys))
	for _, id := range s.idx.pool.keys {
		out = append(out, s.state.PoolAccounts[id])
	}
	return out
}
