import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

// Only the parts a bar chart uses, so the bundle carries no other chart type.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * A bar chart (Chart.js on a canvas) with the same numbers as text for screen readers: the
 * canvas is labelled, and a visually hidden list gives each bar's label and value.
 */
export function BarChart({ label, labels, values, empty }: { label: string; labels: readonly string[]; values: readonly (number | null)[]; empty: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // The chart is drawn again when the numbers change, not on every render with equal arrays.
  const drawn = JSON.stringify([labels, values]);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels: [...labels], datasets: [{ label, data: [...values], backgroundColor: '#1f5fa8' }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { tooltip: { enabled: true } }, scales: { y: { beginAtZero: true } } },
    });
    return () => chart.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `drawn` stands for labels and values
  }, [label, drawn]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={label} />
      <ul className="visually-hidden">
        {labels.map((name, index) => (
          <li key={`${name}-${index}`}>
            {name}: {values[index] ?? empty}
          </li>
        ))}
      </ul>
    </div>
  );
}
