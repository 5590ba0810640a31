/**
 * The widget's stylesheet, scoped by its Shadow DOM: nothing leaks into the host page and the
 * host's CSS cannot reach in (`:host { all: initial }`). Colours come from CSS variables set
 * from the site settings (label colour picked for contrast); focus is always visible; no text
 * is faded, so contrast stays at least 4.5:1 on the default colours.
 */
export const STYLES = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { position: fixed; bottom: 20px; z-index: 2147483000; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; }
.root.right { right: 20px; } .root.left { left: 20px; }
.root[hidden], [hidden] { display: none !important; }
button, input, select, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid #111; outline-offset: 2px; box-shadow: 0 0 0 5px #fff; }
.launcher { display: flex; align-items: center; gap: 8px; border: 0; border-radius: 28px; min-height: 56px; min-width: 56px; padding: 0 18px; background: var(--c); color: var(--ct); cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); font-weight: 600; }
.launcher svg { width: 24px; height: 24px; fill: currentColor; }
.badge { background: #b00020; color: #fff; border-radius: 10px; padding: 0 6px; font-size: 12px; }
.panel { display: flex; flex-direction: column; background: #fff; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; margin-bottom: 12px; }
.small .panel { width: 300px; height: 420px; } .medium .panel { width: 360px; height: 520px; } .large .panel { width: 420px; height: 620px; }
.narrow.open { inset: 0; } .narrow.open .panel { width: 100vw; height: 100%; border-radius: 0; margin: 0; } .narrow.open .launcher { display: none; }
header { display: flex; align-items: center; gap: 10px; padding: 12px 14px; background: var(--c); color: var(--ct); }
header img { width: 32px; height: 32px; border-radius: 50%; object-fit: cover; background: #fff; }
header .titles { flex: 1; min-width: 0; } header h2 { margin: 0; font-size: 16px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
header .sub { font-size: 12px; }
header button { background: transparent; border: 0; color: inherit; cursor: pointer; padding: 6px 8px; border-radius: 6px; font-size: 13px; }
.status { background: #fff4ce; color: #5c4400; padding: 6px 12px; font-size: 12px; }
.queue { background: #eef3fb; padding: 8px 12px; font-size: 13px; border-bottom: 1px solid #dde1e6; } .queue:empty { padding: 0; border: 0; }
.body { flex: 1; overflow-y: auto; padding: 12px; background: #f6f7f9; }
.greeting { background: #fff; border-radius: 10px; padding: 10px 12px; margin-bottom: 10px; border: 1px solid #dde1e6; white-space: pre-wrap; }
.log { display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 85%; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.mine { align-self: flex-end; background: var(--c); color: var(--ct); border-bottom-right-radius: 4px; }
.msg.theirs { align-self: flex-start; background: #fff; border: 1px solid #dde1e6; border-bottom-left-radius: 4px; }
.msg a { color: inherit; text-decoration: underline; }
.msg .who { display: block; font-size: 11px; font-weight: 600; margin-bottom: 2px; }
.msg .meta { display: block; font-size: 11px; text-align: right; margin-top: 2px; }
.note { align-self: center; font-size: 12px; color: #4a5160; text-align: center; }
.typing { font-size: 12px; color: #4a5160; min-height: 18px; padding: 0 12px; background: #f6f7f9; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #dde1e6; background: #fff; }
.composer textarea { flex: 1; resize: none; border: 1px solid #8a93a3; border-radius: 8px; padding: 8px; height: 40px; max-height: 120px; }
.primary { background: var(--c); color: var(--ct); border: 0; border-radius: 8px; padding: 8px 14px; cursor: pointer; font-weight: 600; }
.secondary { background: #fff; color: #1b1f24; border: 1px solid #8a93a3; border-radius: 8px; padding: 8px 14px; cursor: pointer; }
.stage form, .card { display: flex; flex-direction: column; gap: 8px; background: #fff; border: 1px solid #dde1e6; border-radius: 10px; padding: 12px; margin-bottom: 10px; }
label { font-weight: 600; font-size: 13px; } label .hint { font-weight: 400; color: #4a5160; }
.stage form input, .stage form select, .stage form textarea { width: 100%; border: 1px solid #8a93a3; border-radius: 6px; padding: 7px 8px; }
.stage form textarea { min-height: 70px; resize: vertical; }
[aria-invalid="true"] { border-color: #b00020 !important; }
.error { color: #b00020; font-size: 12px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; }
.rate[aria-pressed="true"] { background: var(--c); color: var(--ct); border-color: var(--c); }
h3 { margin: 0; font-size: 15px; }
p { margin: 0; }
`;
