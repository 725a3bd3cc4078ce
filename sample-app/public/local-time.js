// Rewrites every <time data-local> of the page in the viewer's time zone: "14:02" for
// data-local="time", "14:02" today or "27 Nov, 14:02" for data-local="date-time". The server
// wrote them in UTC, which is what a browser without JavaScript keeps showing.
const clock = { hour: '2-digit', minute: '2-digit' };
const today = new Date().toDateString();

/** Shows the moment of one <time data-local> in the viewer's time zone (also for <time> elements made later). */
export function showLocalTime(element) {
  const moment = new Date(element.dateTime);
  if (Number.isNaN(moment.getTime())) return;
  const withDate = element.dataset.local === 'date-time' && moment.toDateString() !== today;
  element.textContent = moment.toLocaleString('en-GB', withDate ? { day: 'numeric', month: 'short', ...clock } : clock);
  element.title = moment.toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'long' });
}

for (const element of document.querySelectorAll('time[data-local]')) showLocalTime(element);
