// Package im is the centre of Chorus: the domain types, the interfaces of
// the backends the messaging core depends on (Store, IDGenerator), and the
// error catalogue as Go sees it.
//
// It imports no backend. Implementations live in their own packages
// (internal/store/sqlite, ...) and are chosen by configuration in one place,
// internal/node.
package im
