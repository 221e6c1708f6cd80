// The points progression through a season, drawn on the server as SVG by ECharts (no browser
// script needed to read it). Names are escaped by ECharts' SVG renderer. ECharts is loaded on the
// first chart, not at start-up: it is most of the server's start-up time otherwise.

export interface ProgressionSeries {
  readonly name: string;
  /** Cumulative points after each round (null before a competitor's first result). */
  readonly points: readonly (number | null)[];
}

export async function progressionSvg(
  title: string,
  rounds: readonly string[],
  series: readonly ProgressionSeries[],
): Promise<string> {
  const echarts = await import("echarts");
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 760, height: 380 });
  try {
    chart.setOption({
      animation: false,
      title: { text: title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { show: false },
      legend: { type: "plain", bottom: 0, textStyle: { fontSize: 11 } },
      grid: { left: 48, right: 24, top: 36, bottom: 24 + 18 * Math.ceil(series.length / 4) },
      xAxis: {
        type: "category",
        data: [...rounds],
      },
      yAxis: { type: "value", name: "points" },
      series: series.map((s) => ({
        type: "line",
        name: s.name,
        data: [...s.points],
        symbolSize: 5,
        connectNulls: false,
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
