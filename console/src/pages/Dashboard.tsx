import { Anchor, Badge, Card, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useAddressParams } from '../components/useAddressParams';
import { useQuery } from 'urql';
import { EChart } from '../components/EChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { plural } from '../format';
import { graphql } from '../gql';

// Spread by the query below; codegen collects it from here.
graphql(`
  fragment StabilityRowFields on StabilityRow {
    value
    activeDevices
    faultyDevices
    faultFreeRate
    reports
    reportsPer1000Devices
  }
`);

const DashboardQuery = graphql(`
  query Dashboard($from: DateTimeISO!, $to: DateTimeISO!, $app: String, $withVersions: Boolean!) {
    topSignatures(from: $from, to: $to, first: 10, applicationName: $app) {
      devices
      reports
      signature {
        id
        title
        status
      }
    }
    byModel: fleetStability(from: $from, to: $to, groupBy: MODEL, applicationName: $app) {
      ...StabilityRowFields
    }
    byFirmware: fleetStability(from: $from, to: $to, groupBy: FIRMWARE, applicationName: $app) {
      ...StabilityRowFields
    }
    byVersion: fleetStability(from: $from, to: $to, groupBy: APPLICATION_VERSION, applicationName: $app) @include(if: $withVersions) {
      ...StabilityRowFields
    }
  }
`);

const WINDOWS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
type Window = keyof typeof WINDOWS;

interface Row {
  value: string;
  activeDevices: number;
  faultyDevices: number;
  faultFreeRate: number;
  reports: number;
  reportsPer1000Devices: number;
}

/** How many rows a chart draws; the table below it lists them all. */
const CHART_ROWS = 10;

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = (rate: number) => `${Math.round(rate * 1000) / 10} %`;

/**
 * The fleet at a glance: the faults that hit the most devices, and stability by model, firmware and,
 * for one application, by its versions. The window and the application are in the address, so a
 * view can be shared.
 */
export function Dashboard() {
  const [params, set] = useAddressParams();
  // Own keys only: `in` would take `toString` from the address for a window.
  const asked = params.get('window') ?? '';
  const window: Window = Object.hasOwn(WINDOWS, asked) ? (asked as Window) : '7d';
  const app = params.get('app') ?? '';
  // Rounded to the minute so that the same window is one cache entry.
  const variables = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    return { to: to.toISOString(), from: new Date(to.getTime() - WINDOWS[window] * 3_600_000).toISOString(), app: app || null, withVersions: !!app };
  }, [window, app]);
  const [{ data, error, fetching }] = useQuery({ query: DashboardQuery, variables });
  const cards = data
    ? [
        { title: 'by model', column: 'Model', rows: data.byModel },
        { title: 'by firmware', column: 'Firmware', rows: data.byFirmware },
        ...(data.byVersion ? [{ title: `by version of ${app}`, column: 'Version', rows: data.byVersion }] : []),
      ]
    : [];
  return (
    <Stack>
      <Group justify="space-between" align="end">
        <Title order={2}>Dashboard</Title>
        <Group align="end">
          <TextInput
            key={app}
            label="Application"
            placeholder="Every application"
            defaultValue={app}
            onBlur={(e) => set('app', e.currentTarget.value.trim() || null)}
            onKeyDown={(e) => e.key === 'Enter' && set('app', e.currentTarget.value.trim() || null)}
          />
          <SegmentedControl aria-label="Window" data={Object.keys(WINDOWS)} value={window} onChange={(v) => set('window', v === '7d' ? null : v)} />
        </Group>
      </Group>
      {error && <ErrorNotice error={error} title="Could not load the dashboard" />}
      {fetching && !data && <Text c="dimmed">Loading…</Text>}
      {data && (
        <>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              Signatures that hit the most devices
            </Title>
            {data.topSignatures.length ? (
              <Table.ScrollContainer minWidth={500}>
                <Table aria-label="Signatures that hit the most devices">
                  <Table.Tbody>
                    {data.topSignatures.map((t) => (
                      <Table.Tr key={t.signature.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/signatures/${t.signature.id}`}>
                            {t.signature.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Badge size="xs">{t.signature.status}</Badge>
                        </Table.Td>
                        <Table.Td ta="right">{plural(t.devices, 'device')}</Table.Td>
                        <Table.Td ta="right">{plural(t.reports, 'report')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ) : (
              <Text c="dimmed" size="sm">
                No fault in this window.
              </Text>
            )}
          </Card>
          <Text size="sm" c="dimmed">
            Active devices checked in or reported a fault in the window; a device is faulty with a FATAL report{app ? ` of ${app}` : ''}.
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {cards.map((c) => (
              <StabilityCard key={c.title} {...c} />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

/** One dimension: the fault-free share of its most active values as bars, and every value's figures in a table. */
function StabilityCard({ title, column, rows }: { title: string; column: string; rows: readonly Row[] }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 90, right: 20, top: 10, bottom: 20 },
      tooltip: {},
      yAxis: { type: 'category', inverse: true, data: rows.slice(0, CHART_ROWS).map((r) => r.value) },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: [{ type: 'bar', name: 'Fault-free devices', data: rows.slice(0, CHART_ROWS).map((r) => Math.round(r.faultFreeRate * 1000) / 10) }],
    }),
    [rows],
  );
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        Fault-free devices {title}
      </Title>
      {rows.length ? (
        <>
          <EChart option={option} height={40 + Math.min(rows.length, CHART_ROWS) * 32} label={`Fault-free devices ${title}: ${rows.slice(0, CHART_ROWS).map((r) => `${r.value} ${percent(r.faultFreeRate)}`).join(', ')}`} />
          <Table.ScrollContainer minWidth={460} mah={320}>
            <Table aria-label={`Stability ${title}`} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{column}</Table.Th>
                  <Table.Th ta="right">Active devices</Table.Th>
                  <Table.Th ta="right">With a FATAL report</Table.Th>
                  <Table.Th ta="right">Fault-free</Table.Th>
                  <Table.Th ta="right">Reports</Table.Th>
                  <Table.Th ta="right">Per 1,000 devices</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.value}>
                    <Table.Td>{r.value}</Table.Td>
                    <Table.Td ta="right">{count.format(r.activeDevices)}</Table.Td>
                    <Table.Td ta="right">{count.format(r.faultyDevices)}</Table.Td>
                    <Table.Td ta="right">{percent(r.faultFreeRate)}</Table.Td>
                    <Table.Td ta="right">{count.format(r.reports)}</Table.Td>
                    <Table.Td ta="right">{count.format(r.reportsPer1000Devices)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      ) : (
        <Text c="dimmed" size="sm">
          No active device in this window.
        </Text>
      )}
    </Card>
  );
}
