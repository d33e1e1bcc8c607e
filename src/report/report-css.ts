// The report's one stylesheet, inlined in the HTML (a single file, no fetch). Its SHA-256 lets the
// server allow exactly this style under a strict Content-Security-Policy.
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root{--fg:#1b1f24;--muted:#5b6570;--line:#d5dbe1;--bg:#fff;--soft:#f4f6f8;--low:#5a7d9a;--medium:#b58100;--high:#d2691e;--critical:#b3261e}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1080px;margin:0 auto;padding:24px 32px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:14px;margin:16px 0 6px}
p{margin:6px 0}.muted{color:var(--muted)}.small{font-size:12px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:6px 18px;color:var(--muted);font-size:13px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600;font-size:12px;text-transform:uppercase}
.sev-low{background:var(--low)}.sev-medium{background:var(--medium)}.sev-high{background:var(--high)}.sev-critical{background:var(--critical)}
.headline{font-size:15px;font-weight:600;background:var(--soft);border-left:4px solid var(--critical);padding:8px 12px;margin:12px 0}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600;font-size:12px}
td.num,th.num{text-align:right;white-space:nowrap}.when{white-space:nowrap;font-size:12px}
td a.mono{white-space:nowrap}h1 code{font-size:19px}
.phase{display:inline-block;padding:0 6px;border-radius:4px;background:var(--soft);border:1px solid var(--line);font-size:11px}
.role{font-weight:600;white-space:nowrap}
.phase-contain{border-left:4px solid var(--critical)}.phase-investigate{border-left:4px solid var(--medium)}
.phase-eradicate{border-left:4px solid var(--high)}.phase-recover{border-left:4px solid var(--low)}.phase-notify{border-left:4px solid #6b4fa0}
ul{margin:6px 0;padding-left:20px}
.evidence li{margin:2px 0}.evidence pre{margin:2px 0 6px;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--soft);padding:4px 6px;font-size:11px}
a{color:#0b57a0}
footer{margin-top:28px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:8px}
@page{size:A4;margin:14mm 12mm}
@media print{
  body{font-size:11px}main{max-width:none;padding:0}
  h2{break-after:avoid;page-break-after:avoid}
  tr,li,.headline{break-inside:avoid;page-break-inside:avoid}
  #playbook,#indicators,#evidence{break-before:page;page-break-before:always}
  a{color:inherit;text-decoration:none}
  .badge,.headline,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

export const REPORT_CSS_HASH = `sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}`;
