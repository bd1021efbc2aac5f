package client

import "sync"

// revisionBook remembers the highest revision this client has seen of each account, in any answer
// (create, read, update, plan, roles), so a write can be sent at it without reading the account
// first. A remembered revision is only a first guess: the API refuses a stale one with a 409 and
// the write is then sent again at the revision read back (WithCurrentRevision).
type revisionBook struct {
	mu   sync.Mutex
	seen map[string]uint64
}

// note records the revision of an account answer.
func (b *revisionBook) note(a *Account) {
	if a == nil || a.ID == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seen == nil {
		b.seen = map[string]uint64{}
	}
	if prev, ok := b.seen[a.ID]; !ok || a.Revision > prev {
		b.seen[a.ID] = a.Revision
	}
}

// forget drops a deleted account.
func (b *revisionBook) forget(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.seen, id)
}

// lookup returns the remembered revision of an account.
func (b *revisionBook) lookup(id string) (uint64, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.seen[id]
	return r, ok
}

// RevisionHint is a revision the caller last knew of an account (a resource's state, refreshed
// earlier in the same run), for WithCurrentRevision's first attempt. The zero value knows none.
type RevisionHint struct {
	Revision uint64
	Known    bool
}

// KnownRevision is the hint of a revision read from state.
func KnownRevision(r uint64) RevisionHint { return RevisionHint{Revision: r, Known: true} }

// firstGuess is the revision to send first without a read: the one this client saw last, else the
// caller's hint.
func (c *Client) firstGuess(accountID string, hint RevisionHint) (uint64, bool) {
	if r, ok := c.revisions.lookup(accountID); ok {
		return r, true
	}
	return hint.Revision, hint.Known
}
