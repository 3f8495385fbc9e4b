// Load harness: R rooms x C clients, each sending edits and cursor moves at set rates, against
// the PixelCraft collaboration endpoint or a Hocuspocus server. It reports connections held,
// messages received per second, p50/p99 latency from send to delivery at every other client,
// and for PixelCraft the latency from send to ack (the ack comes after the op log stored the batch).
//
// node harness.mjs --target pixelcraft|hocuspocus --url ws://127.0.0.1:18291 --rooms 10 --clients 10
//                  --edits 1 --cursors 10 --seconds 10 --warmup 3 [--deflate]
import WebSocket from 'ws';
import * as Y from 'yjs';
import { HocuspocusProvider } from '@hocuspocus/provider';

const options = parseArgs(process.argv.slice(2));
const target = options.target ?? 'pixelcraft';
const url = options.url ?? (target === 'pixelcraft' ? 'ws://127.0.0.1:18291' : 'ws://127.0.0.1:18290');
const rooms = Number(options.rooms ?? 10);
const clientsPerRoom = Number(options.clients ?? 10);
const editsPerSecond = Number(options.edits ?? 1);
const cursorsPerSecond = Number(options.cursors ?? 10);
const seconds = Number(options.seconds ?? 10);
const warmupSeconds = Number(options.warmup ?? 3);
const deflate = options.deflate === true;
// Node 20 has no global WebSocket, and the Hocuspocus 2.x provider builds its socket from it.
globalThis.WebSocket ??= WebSocket;

const deliveryLatencies = [];
const ackLatencies = [];
let received = 0;
let measuring = false;
let extensionsSeen = null;
let errors = 0;

function parseArgs(args) {
  const result = {};
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith('--')) continue;
    const name = args[i].slice(2);
    const next = args[i + 1];
    if (next === undefined || next.startsWith('--')) {
      result[name] = true;
    } else {
      result[name] = next;
      i++;
    }
  }
  return result;
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// ---- PixelCraft client ----

function pixelcraftClient(room, index) {
  const user = `bench-r${room}-c${index}`;
  const socket = new WebSocket(`${url}/ws/projects/bench-r${room}`, {
    headers: { Authorization: `Bearer ${user}` },
    perMessageDeflate: deflate,
  });
  const sentAt = new Map();
  let counter = 0;
  let ready = false;
  const client = { open: () => ready && socket.readyState === WebSocket.OPEN, edit, cursor, close: () => socket.terminate() };

  socket.on('open', () => {
    extensionsSeen ??= socket.extensions || '(none)';
    socket.send(JSON.stringify({ type: 'join', protocol: 1, lastSeq: null }));
  });
  socket.on('message', (data) => {
    const now = performance.now();
    if (measuring) received++;
    const message = JSON.parse(data.toString());
    switch (message.type) {
      case 'welcome':
        ready = true;
        break;
      case 'ops': {
        const [, sent] = String(message.ops[0].props.name).split('|');
        if (measuring) deliveryLatencies.push(now - Number(sent));
        break;
      }
      case 'ack': {
        const sent = sentAt.get(message.batch);
        sentAt.delete(message.batch);
        if (measuring && sent !== undefined) ackLatencies.push(now - sent);
        break;
      }
      case 'rejected':
      case 'error':
        errors++;
        break;
      default:
        break;
    }
  });
  socket.on('error', () => errors++);

  function edit() {
    const batch = `${user}-b${++counter}`;
    const now = performance.now();
    sentAt.set(batch, now);
    socket.send(JSON.stringify({
      type: 'ops', batch,
      ops: [{ kind: 'set', opId: `${user}-o${counter}`, node: 'root', props: { name: `${user}|${now}` } }],
    }));
  }

  function cursor() {
    socket.send(JSON.stringify({ type: 'presence', cursor: { x: Math.random() * 1000, y: Math.random() * 1000 } }));
  }

  return client;
}

// ---- Hocuspocus client ----

function hocuspocusClient(room, index) {
  const user = `bench-r${room}-c${index}`;
  const document = new Y.Doc();
  const map = document.getMap('m');
  let ready = false;
  const provider = new HocuspocusProvider({
    url, name: `bench-r${room}`, document, WebSocketPolyfill: WebSocket, token: user,
    onSynced: () => { ready = true; },
  });
  map.observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const key of event.keysChanged) {
      const [, sent] = String(map.get(key)).split('|');
      if (measuring) deliveryLatencies.push(now - Number(sent));
    }
  });
  // Counts every message from the server, as the PixelCraft client does.
  provider.on('message', () => { if (measuring) received++; });

  return {
    open: () => ready,
    edit: () => map.set(user, `${user}|${performance.now()}`),
    cursor: () => provider.setAwarenessField('cursor', { x: Math.random() * 1000, y: Math.random() * 1000 }),
    close: () => provider.destroy(),
  };
}

// ---- run ----

const clients = [];
for (let room = 0; room < rooms; room++) {
  for (let index = 0; index < clientsPerRoom; index++) {
    clients.push(target === 'pixelcraft' ? pixelcraftClient(room, index) : hocuspocusClient(room, index));
  }
}

const connectDeadline = Date.now() + 30_000;
while (clients.some((c) => !c.open()) && Date.now() < connectDeadline) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const connected = clients.filter((c) => c.open()).length;

const timers = [];
for (const client of clients) {
  const editJitter = Math.random() * 1000 / editsPerSecond;
  const cursorJitter = Math.random() * 1000 / cursorsPerSecond;
  if (editsPerSecond > 0) {
    timers.push(setTimeout(() => timers.push(setInterval(() => client.open() && client.edit(), 1000 / editsPerSecond)), editJitter));
  }
  if (cursorsPerSecond > 0) {
    timers.push(setTimeout(() => timers.push(setInterval(() => client.open() && client.cursor(), 1000 / cursorsPerSecond)), cursorJitter));
  }
}

await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
measuring = true;
const started = performance.now();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
measuring = false;
const elapsed = (performance.now() - started) / 1000;
const held = clients.filter((c) => c.open()).length;

for (const timer of timers) {
  clearTimeout(timer);
  clearInterval(timer);
}
for (const client of clients) client.close();

const summary = {
  target, rooms, clientsPerRoom, editors: rooms * clientsPerRoom, editsPerSecond, cursorsPerSecond,
  deflateOffered: deflate, extensionsNegotiated: target === 'pixelcraft' ? extensionsSeen : 'n/a',
  connected, held, messagesPerSecond: Math.round(received / elapsed),
  deliveries: deliveryLatencies.length,
  deliveryP50Ms: +percentile(deliveryLatencies, 50).toFixed(1),
  deliveryP99Ms: +percentile(deliveryLatencies, 99).toFixed(1),
  ackP50Ms: target === 'pixelcraft' ? +percentile(ackLatencies, 50).toFixed(1) : null,
  ackP99Ms: target === 'pixelcraft' ? +percentile(ackLatencies, 99).toFixed(1) : null,
  errors,
};
console.log(JSON.stringify(summary));
process.exit(0);
