package mockserver

import (
	"errors"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// boltStore keeps the state in a bbolt database, one bucket per entity, one key per object.
// Writers share commits: while one transaction is being written and fsynced, the changes that
// arrive meanwhile gather and go out together in the next one, in the order they were made, so
// durable throughput grows with the number of concurrent writers.
type boltStore struct {
	db *bolt.DB

	mu sync.Mutex
	// pending holds the latest value of every key not yet committed (nil: delete); a later change
	// to a key replaces an earlier one, so the order of changes is kept.
	pending map[changeKey][]byte
	// waiters are the saves whose writes are in pending.
	waiters []*commitWaiter
	// flushing is set while a goroutine is committing.
	flushing bool
}

// commitWaiter is closed when the commit carrying a save's writes has finished.
type commitWaiter struct {
	done chan struct{}
	err  error
}

// openBoltStore opens (or creates) the state file. It fails when the file is not a bbolt database,
// is damaged, or is held by another process.
func openBoltStore(path string) (*boltStore, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("state file %s is in use by another process", path)
		}
		return nil, fmt.Errorf("state file %s cannot be opened as a sandbox-mock state (a bbolt database): %w", path, err)
	}
	return &boltStore{db: db, pending: map[changeKey][]byte{}}, nil
}

func (b *boltStore) load(st *state) (bool, error) {
	found := false
	err := b.db.View(func(tx *bolt.Tx) error {
		for _, def := range buckets {
			bucket := tx.Bucket([]byte(def.name))
			if bucket == nil {
				continue
			}
			found = true
			err := bucket.ForEach(func(k, v []byte) error {
				if err := def.put(st, string(k), v); err != nil {
					return fmt.Errorf("%s %s: %w", def.name, k, err)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("state file %s is damaged: %w", b.db.Path(), err)
	}
	return found, nil
}

func (b *boltStore) save(writes []storeWrite) func() error {
	w := &commitWaiter{done: make(chan struct{})}
	b.mu.Lock()
	for _, wr := range writes {
		b.pending[changeKey{wr.bucket, wr.key}] = wr.value
	}
	b.waiters = append(b.waiters, w)
	if !b.flushing {
		b.flushing = true
		go b.flush()
	}
	b.mu.Unlock()
	return func() error {
		<-w.done
		return w.err
	}
}

// flush commits the pending writes, one transaction after another, until none are waiting. A
// failed transaction's writes stay pending (unless a newer change replaced them), so the next
// commit carries them again.
func (b *boltStore) flush() {
	for {
		b.mu.Lock()
		if len(b.waiters) == 0 {
			b.flushing = false
			b.mu.Unlock()
			return
		}
		batch, waiters := b.pending, b.waiters
		b.pending, b.waiters = map[changeKey][]byte{}, nil
		b.mu.Unlock()

		err := b.db.Update(func(tx *bolt.Tx) error { return applyWrites(tx, batch) })

		b.mu.Lock()
		if err != nil {
			for k, v := range batch {
				if _, newer := b.pending[k]; !newer {
					b.pending[k] = v
				}
			}
		}
		b.mu.Unlock()
		for _, w := range waiters {
			w.err = err
			close(w.done)
		}
	}
}

func applyWrites(tx *bolt.Tx, batch map[changeKey][]byte) error {
	for k, v := range batch {
		bucket, err := tx.CreateBucketIfNotExists([]byte(k.bucket))
		if err != nil {
			return err
		}
		if v == nil {
			err = bucket.Delete([]byte(k.id))
		} else {
			err = bucket.Put([]byte(k.id), v)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *boltStore) close() error { return b.db.Close() }
