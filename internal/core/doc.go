// Package core is the messaging core: it validates and sequences sends,
// stores them in batches (group commit), acknowledges them once durable,
// fans them out to online devices, and serves sync, history and read and
// delivery positions.
//
// It depends only on interfaces: im.Store for persistence, im.IDGenerator
// for message ids and Pusher for reaching online devices. It must not know
// about connections, wire encodings or configuration files.
//
// The delivery contract it keeps (see docs/ARCHITECTURE.md): a message is
// stored once under a gapless per-conversation seq; a send is acknowledged
// only after its batch committed; a retry with the same client_msg_id
// returns the original position; pushes never block the sender.
package core
