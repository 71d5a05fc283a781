import { useMemo } from 'react';
import { EChart } from './EChart';

/** A tiny bar chart of counts (a signature's reports per hour over the last day). */
export function Sparkline({ counts, label }: { counts: number[]; label: string }) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 0, right: 0, top: 2, bottom: 0 },
      xAxis: { type: 'category', show: false, data: counts.map((_, i) => i) },
      yAxis: { type: 'value', show: false, min: 0 },
      series: [{ type: 'bar', data: counts, itemStyle: { color: '#228be6' }, barCategoryGap: '10%' }],
    }),
    [counts],
  );
  return <EChart option={option} height={28} label={label} renderer="svg" />;
}
