import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the console draws, so the bundle carries a fraction of ECharts.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

/**
 * A thin React wrapper over ECharts: one instance per element, options replaced on change,
 * resized with its box. `height` is fixed so charts never shift the layout as data arrives.
 */
export function EChart({ option, height, label, renderer = 'canvas' }: { option: echarts.EChartsCoreOption; height: number; label: string; renderer?: 'canvas' | 'svg' }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const instance = echarts.init(ref.current!, undefined, { renderer });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [renderer]);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ height, width: '100%' }} />;
}
