// "Bengkel — workshop": the work itself rather than the system — jobs by status now and scheduled
// today, revenue per day, reminders due, and how long a job takes from start to completion.
// The job and reminder figures are read from the database by every API instance alike, so they
// are taken with max() across instances, never summed; revenue and job times are counted by the
// process that saw the payment or completion, so those are summed.

import { RowBuilder, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, GREEN, ORANGE, RED, singleStat, timeSeries, YELLOW, type Steps } from './panels.ts';

const API = 'job="backend"';
const HOUR = 3600;
const DAY = 24 * HOUR;

/** Jobs open at once: a workshop of about ten bays is busy past 10 and queueing past 20. */
const OPEN_JOBS: Steps = [GREEN, [10, YELLOW], [20, ORANGE]];
/** Start to completion: most jobs are done the same day; past 1 day parts or people are waited for. */
const JOB_TIME: Steps = [GREEN, [4 * HOUR, YELLOW], [DAY, ORANGE], [3 * DAY, RED]];
const OVERDUE: Steps = [GREEN, [1, YELLOW], [20, ORANGE]];

const jobs = (selector = '') => `max by (status) (workshop_services{${API}${selector}})`;
const today = (selector = '') => `max by (status) (workshop_services_today{${API}${selector}})`;
const reminders = `max by (due) (workshop_reminders_due{${API}})`;
const revenue = (window: string) => `sum(increase(workshop_revenue_total{${API}}[${window}]))`;
// Over a day: a workshop completes a few jobs an hour, too few for a shorter window to say much.
const jobTime = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(workshop_service_duration_seconds_bucket{${API}}[1d])))`;

export function workshop(): DashboardBuilder {
  return dashboard(
    'Bengkel — workshop', 'bengkel-workshop',
    'The workshop at work: jobs by status and scheduled today, revenue per day, reminders due, time from start to completion.',
    ['bengkel', 'bengkel-workshop'], 'now-7d', 'Bengkel dashboards', 'bengkel',
  )

    .withRow(new RowBuilder('Now'))
    .withPanel(singleStat({
      title: 'Jobs in progress', unit: 'short', steps: OPEN_JOBS, width: 4,
      description: 'Services in progress now (status in_progress), from the database. Healthy: about the number of bays and mechanics at work; far more means jobs were started and never completed in the app.',
      queries: [{ expr: jobs(', status="in_progress"'), legend: 'in progress' }],
    }))
    .withPanel(singleStat({
      title: 'Scheduled today', unit: 'short', steps: [YELLOW, [1, GREEN]], width: 4,
      description: 'Services scheduled for today (midnight to midnight in Asia/Jakarta), whatever their status now, cancelled ones left out. Healthy: the day\'s bookings; 0 on a working day means nothing was booked or the app is not used.',
      queries: [{ expr: `sum(${today(', status!="cancelled"')})`, legend: 'today' }],
    }))
    .withPanel(singleStat({
      title: 'Done today', unit: 'short', steps: [YELLOW, [1, GREEN]], width: 4,
      description: 'Services scheduled for today that are completed. Healthy: climbs through the day towards Scheduled today.',
      queries: [{ expr: `max(workshop_services_today{${API}, status="completed"})`, legend: 'completed' }],
    }))
    .withPanel(singleStat({
      title: 'Revenue, last 24 hours', unit: 'short', steps: [YELLOW, [1, GREEN]], width: 4,
      description: "Payments received in the last 24 hours, in the settings' currency (IDR unless changed), summed over every API instance. Healthy: above 0 on a working day; 0 then means payments are not being recorded.",
      queries: [{ expr: revenue('1d'), legend: 'revenue' }],
    }))
    .withPanel(singleStat({
      title: 'Overdue reminders', unit: 'short', steps: OVERDUE, width: 4,
      description: 'Open reminders past their date or mileage: customers to contact (Due for service in the app). Healthy: 0 to a few; a long list means nobody is working through it.',
      queries: [{ expr: `max(workshop_reminders_due{${API}, due="overdue"})`, legend: 'overdue' }],
    }))
    .withPanel(singleStat({
      title: 'Median job time, last day', unit: 's', steps: JOB_TIME, width: 4,
      description: 'Half of the jobs completed in the last 24 hours took less than this from start (in_progress) to completion. Healthy: a few hours; over a day jobs wait for parts or people. "No data": nothing was completed in the last day.',
      queries: [{ expr: jobTime(0.5), legend: 'p50' }],
    }))

    .withRow(new RowBuilder('Jobs'))
    .withPanel(timeSeries({
      title: 'Jobs by status', unit: 'short', steps: OPEN_JOBS, min: 0, stack: true,
      description: 'Every service by its status now (scheduled, in progress, completed, cancelled), from the database. Healthy: scheduled and in progress rise and fall with the day while completed grows; in progress that only grows means jobs are left open.',
      queries: [{ expr: jobs(), legend: '{{status}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Jobs scheduled today by status', unit: 'short', steps: OPEN_JOBS, min: 0, stack: true,
      description: "Today's services (scheduled for today in Asia/Jakarta) by status: the day's board. Healthy: through the day scheduled turns into in progress and completed; at midnight it starts again from the next day's bookings.",
      queries: [{ expr: today(), legend: '{{status}}' }],
    }))

    .withRow(new RowBuilder('Money and customers'))
    .withPanel(timeSeries({
      title: 'Revenue per day', unit: 'short', steps: [YELLOW, [1, GREEN]], min: 0, barsEvery: '1d',
      description: "Payments received per day (each bar the 24 hours before its time), in the settings' currency, summed over every API instance. Healthy: follows the working week; an empty working day means payments are not being recorded.",
      queries: [{ expr: revenue('1d'), legend: 'revenue' }],
    }))
    .withPanel(timeSeries({
      title: 'Reminders due', unit: 'short', steps: OVERDUE, min: 0,
      description: 'Open reminders overdue (past their date or mileage) and due soon (within 30 days or 1 000 km). Healthy: overdue stays low as the front desk contacts owners; soon is the coming weeks\' work.',
      queries: [{ expr: reminders, legend: '{{due}}' }],
    }))

    .withRow(new RowBuilder('How long jobs take'))
    .withPanel(timeSeries({
      title: 'Time from start to completion', unit: 's', steps: JOB_TIME, min: 0, width: 24,
      description: 'How long jobs completed in the preceding 24 hours took from start (in_progress) to completion: half took less than p50, nine in ten less than p90. Healthy: p50 a few hours, p90 under a day; a rising p90 means jobs waiting for parts or mechanics. Buckets run from 15 minutes to a week.',
      queries: [
        { expr: jobTime(0.5), legend: 'p50' },
        { expr: jobTime(0.9), legend: 'p90' },
      ],
    }));
}
