import { platform, PLATFORMS, type AppDef, type PlatformDef, type PlatformId } from './fleet';
import { Rng } from './rng';

/**
 * The catalogue of distinct faults (bugs). Each fault is fixed by (seed, index): its application,
 * trace format, exception, message template and the application frames that identify it. What
 * varies between two reports of one fault (line numbers per version, addresses, ids and numbers in
 * the message, framework depth) is drawn when a report is rendered (traces.ts), so the variants of
 * one fault must group into one signature, and different faults into different ones.
 */

export type TraceFormat = 'java' | 'javame-cldc' | 'javame-kvm' | 'gdb' | 'v8' | 'python' | 'none';
export type Severity = 'FATAL' | 'ERROR' | 'WARNING';

/** One application frame: where the fault is, from the crashing end outwards. */
export interface AppFrame {
  /** Java: class; native: source file stem; JS: class or object; Python: module file stem. */
  owner: string;
  fn: string;
  /** The line in the oldest version; later versions move it by `lineStep` per version. */
  baseLine: number;
}

export interface FaultDef {
  index: number;
  platform: PlatformId;
  app: AppDef;
  format: TraceFormat;
  errorCode: string;
  exceptionType: string | null;
  severity: Severity;
  /** With `{n}`, `{m}`, `{ms}`, `{ip}`, `{port}`, `{uuid}`, `{hex}` placeholders (see traces.ts). */
  message: string | null;
  frames: readonly AppFrame[];
  /** How far the fault's lines move per application version (0: the file did not change). */
  lineStep: number;
}

const JAVA_OWNERS = [
  'Renderer', 'GameCanvas', 'LevelLoader', 'SoundManager', 'ScoreStore', 'Inbox', 'MessageParser', 'SyncService',
  'HttpTransport', 'ImageCache', 'CartActivity', 'CheckoutFragment', 'PaymentClient', 'ProductAdapter',
  'SessionManager', 'ConfigStore', 'LocationTracker', 'UploadWorker', 'TileMap', 'SpritePool', 'MenuScreen',
  'FontCache', 'AttachmentView', 'ContactList',
];
const JAVA_METHODS = [
  'drawSprite', 'tick', 'loadLevel', 'parseHeader', 'readRecord', 'flush', 'onClick', 'onCreateView', 'bind',
  'handleResponse', 'decodeImage', 'nextFrame', 'updateScore', 'playSound', 'connect', 'sendQueued', 'restoreState',
  'onLocationChanged', 'computeTotal', 'applyCoupon', 'paint', 'keyPressed', 'commandAction', 'run',
];
const NATIVE_OWNERS = [
  'render', 'decode', 'demux', 'mixer', 'cec', 'epg', 'ring', 'h264', 'net', 'config', 'osd', 'vsync', 'cache',
  'json', 'upnp', 'drm', 'teletext', 'tuner',
];
const NATIVE_FUNCTIONS = [
  'render_frame', 'decode_packet', 'demux_ts', 'audio_mix', 'hdmi_cec_poll', 'epg_parse', 'ring_buffer_push',
  'h264_decode_slice', 'net_recv', 'config_load', 'osd_draw_text', 'vsync_wait', 'cache_evict', 'json_get_int',
  'upnp_handle', 'drm_open_session', 'ttx_page_decode', 'tuner_lock',
];
const JS_OWNERS = [
  'Renderer', 'Player', 'EpgGrid', 'Carousel', 'ApiClient', 'Store', 'VideoTile', 'Remote', 'Cart', 'Checkout',
  'I18n', 'Router', 'Layout', 'Session',
];
const JS_METHODS = [
  'draw', 'load', 'render', 'next', 'fetchJson', 'dispatch', 'mount', 'onKey', 'add', 'submit', 't', 'go', 'measure',
  'refresh', 'restore',
];
const PY_OWNERS = [
  'loop', 'poller', 'handlers', 'uploader', 'update', 'crypto', 'sensors', 'config', 'logs', 'mqtt', 'status',
  'download',
];
const PY_FUNCTIONS = [
  'run', 'poll', 'handle_message', 'upload_batch', 'apply_update', 'verify_signature', 'read_sensor',
  'parse_config', 'rotate_logs', 'connect_mqtt', 'report_status', 'download_chunk', 'on_message', 'flush',
];

/** Exception → message templates. Numbers and ids vary per report; the normaliser must absorb them. */
const MESSAGES: Readonly<Record<string, readonly (string | null)[]>> = {
  'java.lang.NullPointerException': [null, "Attempt to invoke virtual method 'int java.lang.String.length()' on a null object reference"],
  'java.lang.ArrayIndexOutOfBoundsException': ['{n}', 'Index {n} out of bounds for length {m}'],
  'java.lang.IllegalStateException': ['session {uuid} already closed', 'Fragment CartFragment{{hex}} not attached to a context'],
  'java.lang.IllegalArgumentException': ['device {n} is not enrolled', 'width and height must be > 0, got {n}x{m}'],
  'java.lang.NumberFormatException': ['For input string: "{n}a"'],
  'java.io.IOException': ['Connection reset by peer after {ms} ms', 'Unable to connect to {ip}:{port}'],
  'java.lang.OutOfMemoryError': [null, 'Failed to allocate a {n} byte allocation with {m} free bytes'],
  'javax.microedition.rms.RecordStoreFullException': ['record store scores-{n} is full'],
  'java.util.ConcurrentModificationException': [null],
  SIGSEGV: ['Segmentation fault at address {hex}'],
  SIGABRT: ['assertion failed: len <= {n} ({m} > {n})'],
  SIGBUS: ['Bus error at {hex}'],
  TypeError: ["Cannot read properties of undefined (reading 'width')", "Cannot read properties of null (reading 'focus')", 'item.id is not a function'],
  RangeError: ['Invalid array length {n}', 'Maximum call stack size exceeded'],
  ReferenceError: ['channelList is not defined'],
  ValueError: ['bad frame {n}', 'invalid firmware header at offset {hex}'],
  KeyError: ["'sensor_{n}'"],
  TimeoutError: ['timed out after {ms} ms waiting for {ip}:{port}'],
  ConnectionResetError: ['[Errno 104] Connection reset by peer'],
};

const NO_STACK: readonly { errorCode: string; message: string }[] = [
  { errorCode: 'E_WATCHDOG', message: 'watchdog timeout after {ms} ms in task {n}' },
  { errorCode: 'E_ANR', message: 'Input dispatching timed out ({ms} ms) in window {hex}' },
  { errorCode: 'E_UPDATE_FAILED', message: 'update {uuid} failed: checksum mismatch at block {n}' },
  { errorCode: 'E_STORAGE_FULL', message: 'storage full: {n} bytes free, {m} needed' },
  { errorCode: 'E_THERMAL', message: 'thermal shutdown at {n} C' },
];

interface FormatChoice {
  format: TraceFormat;
  errorCodes: readonly string[];
  exceptions: readonly string[];
  owners: readonly string[];
  functions: readonly string[];
}

const FORMATS: Readonly<Record<PlatformId, readonly (readonly [FormatChoice, number])[]>> = {
  javame: [
    [{ format: 'javame-cldc', errorCodes: ['E_APP_CRASH', 'E_MIDLET_EXCEPTION'], exceptions: ['java.lang.NullPointerException', 'java.lang.ArrayIndexOutOfBoundsException', 'java.lang.OutOfMemoryError', 'javax.microedition.rms.RecordStoreFullException', 'java.lang.IllegalArgumentException'], owners: JAVA_OWNERS, functions: JAVA_METHODS }, 3],
    [{ format: 'javame-kvm', errorCodes: ['E_APP_CRASH'], exceptions: ['java.lang.NullPointerException', 'java.lang.ArrayIndexOutOfBoundsException', 'java.io.IOException'], owners: JAVA_OWNERS, functions: JAVA_METHODS }, 2],
    [{ format: 'none', errorCodes: [], exceptions: [], owners: [], functions: [] }, 0.3],
  ],
  android: [
    [{ format: 'java', errorCodes: ['E_APP_CRASH', 'E_UNCAUGHT_EXCEPTION'], exceptions: ['java.lang.NullPointerException', 'java.lang.IllegalStateException', 'java.lang.IllegalArgumentException', 'java.lang.NumberFormatException', 'java.io.IOException', 'java.lang.OutOfMemoryError', 'java.util.ConcurrentModificationException', 'java.lang.ArrayIndexOutOfBoundsException'], owners: JAVA_OWNERS, functions: JAVA_METHODS }, 5],
    [{ format: 'none', errorCodes: [], exceptions: [], owners: [], functions: [] }, 0.3],
  ],
  linux: [
    [{ format: 'gdb', errorCodes: ['E_NATIVE_CRASH'], exceptions: ['SIGSEGV', 'SIGSEGV', 'SIGABRT', 'SIGBUS'], owners: NATIVE_OWNERS, functions: NATIVE_FUNCTIONS }, 5],
    [{ format: 'none', errorCodes: [], exceptions: [], owners: [], functions: [] }, 0.5],
  ],
  web: [
    [{ format: 'v8', errorCodes: ['E_SCRIPT_ERROR'], exceptions: ['TypeError', 'TypeError', 'RangeError', 'ReferenceError'], owners: JS_OWNERS, functions: JS_METHODS }, 5],
  ],
  python: [
    [{ format: 'python', errorCodes: ['E_UNCAUGHT_EXCEPTION', 'E_AGENT_ERROR'], exceptions: ['ValueError', 'KeyError', 'TimeoutError', 'ConnectionResetError'], owners: PY_OWNERS, functions: PY_FUNCTIONS }, 5],
    [{ format: 'none', errorCodes: [], exceptions: [], owners: [], functions: [] }, 0.3],
  ],
};

/**
 * Builds `count` distinct faults. Fault i depends only on (seed, i) and on the faults before it
 * (for uniqueness), so a catalogue of 400 starts with the same 300 faults as one of 300.
 */
export function buildCatalogue(seed: number, count: number): FaultDef[] {
  const faults: FaultDef[] = [];
  const identities = new Set<string>();
  for (let index = 0; index < count; index++) {
    const rng = Rng.derive(seed, 0xfa17, index);
    const p = rng.weighted(PLATFORMS.map((x) => [x, x.share] as const));
    // Redraw until the identifying part is new: two "distinct" faults with the same top frames
    // would be one signature, and the catalogue would overstate how many signatures there are.
    for (let attempt = 0; ; attempt++) {
      const fault = drawFault(rng, index, p);
      const identity = identityOf(fault);
      if (!identities.has(identity) || attempt > 50) {
        identities.add(identity);
        faults.push(fault);
        break;
      }
    }
  }
  return faults;
}

function drawFault(rng: Rng, index: number, p: PlatformDef): FaultDef {
  const choice = rng.weighted(FORMATS[p.id]);
  const app = rng.pick(p.apps);
  if (choice.format === 'none') {
    const ns = rng.pick(NO_STACK);
    return {
      index, platform: p.id, app, format: 'none', errorCode: ns.errorCode, exceptionType: null,
      severity: rng.weighted([['ERROR', 3], ['WARNING', 1]] as const), message: ns.message, frames: [], lineStep: 0,
    };
  }
  const exceptionType = rng.pick(choice.exceptions);
  const depth = rng.int(3, 4);
  const frames: AppFrame[] = [];
  for (let i = 0; i < depth; i++) {
    frames.push({ owner: rng.pick(choice.owners), fn: rng.pick(choice.functions), baseLine: rng.int(20, 900) });
  }
  return {
    index,
    platform: p.id,
    app,
    format: choice.format,
    errorCode: rng.pick(choice.errorCodes),
    exceptionType,
    severity: rng.weighted([['FATAL', 3], ['ERROR', 5], ['WARNING', 1]] as const),
    message: rng.pick(MESSAGES[exceptionType] ?? [null]),
    frames,
    lineStep: rng.pick([0, 0, 3, 7, 12]),
  };
}

/** What the grouping engine keys on: frames when there are any, else the message. */
function identityOf(f: FaultDef): string {
  const top = f.frames.slice(0, 3).map((fr) => `${fr.owner}.${fr.fn}`).join('|');
  return `${f.app.name}|${f.errorCode}|${f.exceptionType}|${top || f.message}`;
}

export function faultsByPlatform(catalogue: readonly FaultDef[]): Map<PlatformId, FaultDef[]> {
  const map = new Map<PlatformId, FaultDef[]>();
  for (const f of catalogue) map.set(f.platform, [...(map.get(f.platform) ?? []), f]);
  return map;
}

export { platform };
