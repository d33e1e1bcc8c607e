// ciphertrail dashboard: token prompt, hash router, live stream. No framework, no CDN, no inline
// script or style (the server's CSP is default-src 'self'); data only ever reaches the DOM as text.
import { Api, tokenStore } from './api.js';
import { h, replace } from './dom.js';
import { AlertStore } from './store.js';
import { listView } from './list.js';
import { alertView } from './alert.js';
import { coverageView } from './coverage.js';
import { reviewView } from './review.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const live = document.getElementById('live');
const store = new AlertStore();
let api = null;
let stream = null;
let view = null;

const LIVE_TEXT = { live: '● live', connecting: '○ connecting…', down: '○ reconnecting…', unauthorized: '○ no access', offline: 'offline' };

function setLive(state) {
  live.textContent = LIVE_TEXT[state] || state;
  live.className = `live ${state}`;
  live.dataset.state = state;
}

function signOut(message) {
  if (stream) stream.stop();
  stream = null;
  api = null;
  tokenStore.clear();
  nav.hidden = true;
  setLive('offline');
  showLogin(message);
}

function showLogin(message) {
  if (view && view.destroy) view.destroy();
  view = null;
  const input = h('input', {
    type: 'password', id: 'token', name: 'token', autocomplete: 'off', spellcheck: false, required: true,
    placeholder: 'ct_…', 'aria-describedby': 'token-help',
  });
  const err = h('p', { class: 'error', id: 'login-error', role: 'alert', text: message || '' });
  const btn = h('button', { type: 'submit', id: 'login', text: 'Open dashboard' });
  const form = h('form', {
    class: 'login card', id: 'login-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (!token) return;
      btn.disabled = true;
      err.textContent = '';
      const probe = new Api(token);
      try {
        await probe.get('/v1/alerts?limit=1');
        tokenStore.set(token);
        start(token);
      } catch (x) {
        err.textContent = x.status === 401 ? 'This token is not valid (unknown or revoked).'
          : x.status === 403 ? 'This token cannot read alerts: it needs the read scope.'
            : `Could not check the token: ${x.message}`;
        btn.disabled = false;
        input.select();
      }
    },
  },
  h('h1', null, 'Sign in'),
  h('label', { htmlFor: 'token' }, 'API token'),
  input,
  h('p', { class: 'muted small', id: 'token-help' },
    'Create one with ', h('code', { text: 'ciphertrail token create --db FILE --scope read,admin' }),
    '. It is kept in this tab only (sessionStorage) and sent as a bearer header. Changing alert statuses needs the admin scope.'),
  btn, err);
  replace(main, form);
  input.focus();
}

function route() {
  if (!api) return;
  if (view && view.destroy) view.destroy();
  view = null;
  const hash = location.hash.replace(/^#/, '') || '/';
  const parts = hash.split('/').filter(Boolean).map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
  const ctx = { api, store };
  window.scrollTo(0, 0);
  if (parts.length === 0) view = listView(main, ctx, { kind: 'all' });
  else if (parts[0] === 'alert' && parts[1]) view = alertView(main, ctx, parts[1]);
  else if (parts[0] === 'device' && parts[1]) view = listView(main, ctx, { kind: 'device', value: parts[1] });
  else if (parts[0] === 'app' && parts[1]) view = listView(main, ctx, { kind: 'app', value: parts[1] });
  else if (parts[0] === 'coverage') view = coverageView(main, ctx);
  else if (parts[0] === 'review') view = reviewView(main, ctx);
  else replace(main, h('p', { class: 'error', text: 'Unknown page.' }), h('a', { href: '#/', text: 'All alerts' }));
  document.title = parts.length === 0 ? 'Alerts · ciphertrail' : `${parts[1] ?? parts[0]} · ciphertrail`;
}

function onMessage(m) {
  let data;
  try { data = JSON.parse(m.data); } catch { return; }
  if (m.event === 'alert' || (m.event === 'message' && data && data.kind === 'alert')) store.upsert(data);
  else if (m.event === 'status' && data && typeof data.id === 'string') store.setStatus(data);
}

function start(token) {
  api = new Api(token, () => signOut('The server no longer accepts this token: sign in again.'));
  nav.hidden = false;
  if (stream) stream.stop();
  stream = api.stream(onMessage, setLive);
  route();
}

window.addEventListener('hashchange', route);
document.getElementById('signout').addEventListener('click', () => signOut(''));

const saved = tokenStore.get();
if (saved) start(saved);
else showLogin('');
