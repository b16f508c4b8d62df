// Preloaded (node --import) into processes under test: any attempt to open a network connection or
// resolve a host name is refused and reported on stderr with a marker the test looks for.
import dns from 'node:dns';
import net from 'node:net';

const MARKER = 'FORDELER-NETWORK-ATTEMPT';
const refuse = (what) => {
  process.stderr.write(`${MARKER} ${what}\n`);
  throw new Error(`network access is not allowed in this test (${what})`);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.connect() passes its normalised arguments as one array ([options, callback]).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  // IPC over a local path (e.g. child process channels) is not network access.
  if (typeof first === 'object' && first && 'path' in first && first.path) return connect.apply(this, args);
  if (typeof first === 'string' && !/^\d+$/.test(first)) return connect.apply(this, args);
  return refuse(`connect ${JSON.stringify(first?.host ?? first)}:${JSON.stringify(first?.port ?? args[1] ?? '')}`);
};
dns.lookup = (host) => refuse(`dns.lookup ${host}`);
dns.promises.lookup = async (host) => refuse(`dns.promises.lookup ${host}`);
globalThis.fetch = async (url) => refuse(`fetch ${String(url)}`);
