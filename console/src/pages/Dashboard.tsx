import { Anchor, Badge, Card, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { EChart } from '../components/EChart';
import { ErrorNotice } from '../components/ErrorNotice';
import { plural } from '../format';
import { graphql } from '../gql';

const DashboardQuery = graphql(`
  query Dashboard($from: DateTimeISO!, $to: DateTimeISO!) {
    topSignatures(from: $from, to: $to, first: 10) {
      devices
      reports
      signature {
        id
        title
        status
      }
    }
    byModel: fleetStability(from: $from, to: $to, groupBy: MODEL) {
      value
      activeDevices
      faultyDevices
      faultFreeRate
      reports
    }
    byFirmware: fleetStability(from: $from, to: $to, groupBy: FIRMWARE) {
      value
      activeDevices
      faultyDevices
      faultFreeRate
      reports
    }
  }
`);

const WINDOWS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;

/** The fleet at a glance: the faults that hit the most devices, and stability by model and firmware. */
export function Dashboard() {
  const [window, setWindow] = useState<keyof typeof WINDOWS>('7d');
  // Rounded to the minute so that the same window is one cache entry.
  const variables = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    return { to: to.toISOString(), from: new Date(to.getTime() - WINDOWS[window] * 3_600_000).toISOString() };
  }, [window]);
  const [{ data, error }] = useQuery({ query: DashboardQuery, variables });
  const stability = (rows: { value: string; faultFreeRate: number }[]) => ({
    animation: false,
    grid: { left: 90, right: 20, top: 10, bottom: 20 },
    tooltip: {},
    yAxis: { type: 'category', inverse: true, data: rows.slice(0, 10).map((r) => r.value) },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: [{ type: 'bar', name: 'Fault-free devices', data: rows.slice(0, 10).map((r) => Math.round(r.faultFreeRate * 1000) / 10) }],
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Dashboard</Title>
        <SegmentedControl aria-label="Window" data={Object.keys(WINDOWS)} value={window} onChange={(v) => setWindow(v as keyof typeof WINDOWS)} />
      </Group>
      {error && <ErrorNotice error={error} title="Could not load the dashboard" />}
      {data && (
        <>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              Signatures that hit the most devices
            </Title>
            <Table.ScrollContainer minWidth={500}>
              <Table>
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
            {!data.topSignatures.length && (
              <Text c="dimmed" size="sm">
                No fault in this window.
              </Text>
            )}
          </Card>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {[
              { title: 'Fault-free devices by model', rows: data.byModel },
              { title: 'Fault-free devices by firmware', rows: data.byFirmware },
            ].map((c) => (
              <Card withBorder key={c.title}>
                <Title order={3} size="h5" mb="xs">
                  {c.title}
                </Title>
                {c.rows.length ? (
                  <EChart option={stability(c.rows)} height={40 + Math.min(c.rows.length, 10) * 32} label={`${c.title}: ${c.rows.map((r) => `${r.value} ${Math.round(r.faultFreeRate * 100)} %`).join(', ')}`} />
                ) : (
                  <Text c="dimmed" size="sm">
                    No active device in this window.
                  </Text>
                )}
              </Card>
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
