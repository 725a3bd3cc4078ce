/** The stylesheet of every page: system fonts, one accent colour, cards and a table. */
export const STYLES = `
:root { --accent: #4f46e5; --accent-dark: #4338ca; --text: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f4f5f7; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--text); background: var(--bg); }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header { background: #fff; border-bottom: 1px solid var(--line); }
.bar { max-width: 880px; margin: 0 auto; padding: 14px 24px; display: flex; align-items: center; gap: 24px; }
.brand { font-weight: 700; font-size: 17px; color: var(--text); display: flex; align-items: center; gap: 10px; }
.brand:hover { text-decoration: none; }
.logo { width: 28px; height: 28px; border-radius: 8px; background: linear-gradient(135deg, #6366f1, #8b5cf6); display: inline-block; }
nav { display: flex; gap: 18px; flex: 1; }
nav a { color: var(--muted); font-weight: 500; }
nav a.active { color: var(--text); }
.who { color: var(--muted); font-size: 14px; display: flex; align-items: center; gap: 12px; }
main { max-width: 880px; margin: 32px auto; padding: 0 24px; }
main.narrow { max-width: 420px; margin-top: 56px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 12px; }
.lead { color: var(--muted); margin: 0 0 24px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 24px; margin-bottom: 20px; box-shadow: 0 1px 2px rgba(16, 24, 40, .04); }
.notice { border-radius: 10px; padding: 12px 16px; margin-bottom: 20px; border: 1px solid; }
.notice.info { background: #eff6ff; border-color: #bfdbfe; color: #1e3a8a; }
.notice.success { background: #ecfdf5; border-color: #a7f3d0; color: #065f46; }
.notice.warning { background: #fffbeb; border-color: #fcd34d; color: #78350f; }
.notice.error { background: #fef2f2; border-color: #fecaca; color: #991b1b; }
label { display: block; font-weight: 600; font-size: 14px; margin: 0 0 6px; }
input[type=text], input[type=password] { width: 100%; padding: 10px 12px; border: 1px solid #d1d5db; border-radius: 8px; font: inherit; margin-bottom: 16px; }
input:focus { outline: 2px solid #c7d2fe; border-color: var(--accent); }
button { font: inherit; font-weight: 600; border-radius: 8px; padding: 9px 16px; cursor: pointer; border: 1px solid var(--accent); background: var(--accent); color: #fff; }
button:hover { background: var(--accent-dark); }
button.wide { width: 100%; padding: 11px; }
button.quiet { background: #fff; color: var(--text); border-color: #d1d5db; }
button.quiet:hover { background: #f9fafb; }
button.danger { background: #fff; color: #b91c1c; border-color: #fca5a5; }
button.danger:hover { background: #fef2f2; }
button.link { border: 0; background: none; color: var(--muted); padding: 0; font-weight: 500; }
button.link:hover { color: var(--text); background: none; }
form.inline { display: inline; margin: 0; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; padding: 0 12px 10px; border-bottom: 1px solid var(--line); }
td { padding: 14px 12px; border-bottom: 1px solid var(--line); vertical-align: middle; }
tr:last-child td { border-bottom: 0; }
td.action { text-align: right; }
.device { font-weight: 600; }
.sub { color: var(--muted); font-size: 13px; }
.badge { display: inline-block; margin-left: 8px; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; background: #e0e7ff; color: #3730a3; vertical-align: 1px; }
.facts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; margin: 0; }
.facts dt { color: var(--muted); font-size: 13px; }
.facts dd { margin: 2px 0 0; font-weight: 600; }
.row { display: flex; justify-content: space-between; align-items: center; gap: 16px; }
.accounts { width: 100%; font-size: 14px; }
.accounts td { padding: 6px 0; border: 0; }
.accounts code { background: #f3f4f6; padding: 1px 6px; border-radius: 5px; }
footer { text-align: center; color: var(--muted); font-size: 13px; margin: 32px 0; }
`;
