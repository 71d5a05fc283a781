import type { Rng } from './rng';

/**
 * The fleet the generator pretends to be: device platforms, the models on each, and the
 * applications they run. Faults belong to a platform's applications, so a MIDlet's fault comes from
 * a Java ME phone and a segfault in `mediad` from a set-top box, as in a real fleet; this keeps the
 * breakdowns (by model, firmware, application version) shaped like real ones.
 */

export type PlatformId = 'javame' | 'android' | 'linux' | 'web' | 'python';

export interface ModelDef {
  manufacturer: string;
  model: string;
  firmware: readonly string[];
}

export interface AppDef {
  name: string;
  type: string;
  vendor: string;
  /** Oldest first; newer versions are reported more often (most devices update). */
  versions: readonly string[];
  /** Package, module or source-folder prefix of the application's own frames. */
  namespace: string;
}

export interface PlatformDef {
  id: PlatformId;
  /** Share of the fleet's devices, and of the fault catalogue. */
  share: number;
  runtime: { name: string; versions: readonly string[] };
  models: readonly ModelDef[];
  apps: readonly AppDef[];
}

export const PLATFORMS: readonly PlatformDef[] = [
  {
    id: 'javame',
    share: 30,
    runtime: { name: 'MIDP', versions: ['2.0', '2.1'] },
    models: [
      { manufacturer: 'Nokia', model: 'N95', firmware: ['21.0.016', '30.0.015', '35.0.002'] },
      { manufacturer: 'Nokia', model: '6300', firmware: ['05.50', '07.21'] },
      { manufacturer: 'Sony Ericsson', model: 'K800i', firmware: ['R1KG001', 'R8BE001'] },
      { manufacturer: 'Samsung', model: 'SGH-E250', firmware: ['E250XXHB1', 'E250XXIA2'] },
      { manufacturer: 'Motorola', model: 'RAZR V3xx', firmware: ['82.73.1A', '82.73.2B'] },
    ],
    apps: [
      { name: 'SpaceRacer', type: 'MIDlet', vendor: 'Acme Games', versions: ['1.4.0', '1.4.1', '1.4.2'], namespace: 'com.acme.racer' },
      { name: 'SnakeME', type: 'MIDlet', vendor: 'Acme Games', versions: ['2.0.3', '2.1.0'], namespace: 'com.acme.snake' },
      { name: 'MobileMail', type: 'MIDlet', vendor: 'Acme Mail', versions: ['3.2.0', '3.2.1', '3.3.0'], namespace: 'com.acme.mail' },
    ],
  },
  {
    id: 'android',
    share: 25,
    runtime: { name: 'Android', versions: ['12', '13', '14'] },
    models: [
      { manufacturer: 'Acme', model: 'Phone X1', firmware: ['X1-2026.09', 'X1-2026.10', 'X1-2026.11'] },
      { manufacturer: 'Google', model: 'Pixel 7', firmware: ['AP2A.240905.003', 'AP3A.241105.007'] },
      { manufacturer: 'Samsung', model: 'Galaxy A54', firmware: ['A546BXXU8CXH1', 'A546BXXU9CXJ2'] },
    ],
    apps: [
      { name: 'AcmeShop', type: 'android', vendor: 'Acme Retail', versions: ['5.1.0', '5.2.0', '5.2.1', '5.3.0'], namespace: 'com.acme.shop' },
      { name: 'FleetCompanion', type: 'android', vendor: 'Acme Fleet', versions: ['1.0.4', '1.1.0'], namespace: 'com.acme.fleet' },
    ],
  },
  {
    id: 'linux',
    share: 20,
    runtime: { name: 'Linux', versions: ['5.10', '6.1'] },
    models: [
      { manufacturer: 'Acme', model: 'STB-4K', firmware: ['4.2.0', '4.2.3', '4.3.0'] },
      { manufacturer: 'Acme', model: 'GW-200', firmware: ['1.9.7', '2.0.1'] },
    ],
    apps: [
      { name: 'mediad', type: 'native', vendor: 'Acme Media', versions: ['2.3.1', '2.3.2', '2.4.0'], namespace: 'src/media' },
      { name: 'racer-native', type: 'native', vendor: 'Acme Games', versions: ['0.9.8', '0.9.9'], namespace: 'src/game' },
    ],
  },
  {
    id: 'web',
    share: 15,
    runtime: { name: 'Chromium', versions: ['108', '120'] },
    models: [
      { manufacturer: 'Acme', model: 'TV-55', firmware: ['webOS 6.3.1', 'webOS 6.4.0'] },
      { manufacturer: 'Acme', model: 'Kiosk K2', firmware: ['K2-1.8', 'K2-1.9'] },
    ],
    apps: [
      { name: 'tv-ui', type: 'web', vendor: 'Acme Media', versions: ['2026.10.1', '2026.11.0', '2026.11.2'], namespace: 'src/ui' },
      { name: 'kiosk-app', type: 'web', vendor: 'Acme Retail', versions: ['3.0.0', '3.1.0'], namespace: 'src/kiosk' },
    ],
  },
  {
    id: 'python',
    share: 10,
    runtime: { name: 'CPython', versions: ['3.10', '3.11'] },
    models: [
      { manufacturer: 'Acme', model: 'Edge E1', firmware: ['e1-2026.08', 'e1-2026.11'] },
      { manufacturer: 'Acme', model: 'GW-200', firmware: ['1.9.7', '2.0.1'] },
    ],
    apps: [
      { name: 'fleet-agent', type: 'python', vendor: 'Acme Fleet', versions: ['1.8.0', '1.8.1', '1.9.0'], namespace: 'agent' },
      { name: 'updater', type: 'python', vendor: 'Acme Fleet', versions: ['0.4.2', '0.5.0'], namespace: 'updater' },
    ],
  },
];

export function platform(id: PlatformId): PlatformDef {
  return PLATFORMS.find((p) => p.id === id)!;
}

export function pickPlatform(rng: Rng): PlatformDef {
  return rng.weighted(PLATFORMS.map((p) => [p, p.share] as const));
}

/** Newer versions are reported more: weight grows with the index (oldest 1, newest n). */
export function pickVersionIndex(rng: Rng, app: AppDef): number {
  return rng.weighted(app.versions.map((_, i) => [i, i + 1] as const));
}

/** What `registerDevice` takes, plus the platform the generator draws this device's faults from. */
export interface DeviceProfile {
  platform: PlatformId;
  serialNumber: string;
  manufacturer: string;
  model: string;
  firmwareVersion: string;
  runtime: { name: string; version: string };
}

/**
 * N devices, spread over the platforms by share. Serial numbers carry a run tag so two enrolments
 * into one database (simulator runs, bench rounds) never collide on (manufacturer, serial).
 */
export function makeFleet(rng: Rng, count: number, tag: string): DeviceProfile[] {
  const devices: DeviceProfile[] = [];
  for (let i = 0; i < count; i++) {
    const p = pickPlatform(rng);
    const m = rng.pick(p.models);
    devices.push({
      platform: p.id,
      // IMEI-like: 15 digits is what an operator would see; the tag keeps them unique per run.
      serialNumber: `IMEI-35${String(rng.int(0, 999_999_999)).padStart(9, '0')}${String(i).padStart(4, '0')}-${tag}`,
      manufacturer: m.manufacturer,
      model: m.model,
      firmwareVersion: rng.pick(m.firmware),
      runtime: { name: p.runtime.name, version: rng.pick(p.runtime.versions) },
    });
  }
  return devices;
}
