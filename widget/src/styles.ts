/**
 * The widget's stylesheet, adopted inside its shadow root. Every size is in px: nothing is relative
 * to the host page's font size, and `:host { all: initial !important }` stops what the page sets on
 * the `<citadoc-chat>` element itself (an `!important` rule from inside the shadow tree wins over
 * one from the page) from being inherited inside.
 */
import { paletteCss } from './theme.ts';

/** Below this width or height the panel takes the whole screen (phones, 200 % zoom on a laptop). */
const FULL_SCREEN = '(max-width: 480px), (max-height: 560px)';

export function widgetCss(accent: string): string {
  return `
:host{all:initial!important;${paletteCss(accent)}}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.root{font:400 16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--citadoc-text);letter-spacing:normal;word-spacing:normal;text-align:left;text-transform:none;font-style:normal;-webkit-text-size-adjust:100%;text-size-adjust:100%;position:fixed;bottom:16px;right:16px;z-index:2147483000}
.root[data-position=left]{right:auto;left:16px}
button,textarea{font:inherit;color:inherit;letter-spacing:inherit;margin:0}
button{cursor:pointer}
h2,h3,h4,p,ol,ul,blockquote{margin:0;padding:0}
.sr-only{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
:focus-visible{outline:3px solid var(--citadoc-focus);outline-offset:2px;box-shadow:0 0 0 2px var(--citadoc-bg)}
svg{width:20px;height:20px;flex:none;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.bubble{display:flex;align-items:center;gap:8px;min-height:48px;padding:12px 18px;border:2px solid transparent;border-radius:999px;background:var(--citadoc-accent);color:var(--citadoc-accent-text);font-size:16px;font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.bubble:hover{filter:brightness(.9)}
.panel{position:fixed;bottom:84px;right:16px;width:min(440px,calc(100vw - 32px));height:min(640px,calc(100vh - 110px));display:flex;flex-direction:column;background:var(--citadoc-bg);border:1px solid var(--citadoc-border);border-radius:12px;box-shadow:0 10px 30px rgba(0,0,0,.25);overflow:hidden;animation:citadoc-in .16s ease-out}
.root[data-position=left] .panel{right:auto;left:16px}
@keyframes citadoc-in{from{opacity:0;transform:translateY(8px)}}
.head{display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:10px 12px;border-bottom:1px solid var(--citadoc-border);background:var(--citadoc-surface)}
.head h2{flex:1 1 120px;font-size:17px;line-height:1.3;font-weight:700}
.head-tools{display:flex;gap:8px;margin-left:auto}
.tool{display:inline-flex;align-items:center;gap:6px;min-height:44px;min-width:44px;justify-content:center;padding:6px 10px;border:1px solid var(--citadoc-border);border-radius:8px;background:var(--citadoc-bg);font-size:14px}
.tool:hover{background:var(--citadoc-surface)}
.tool[aria-pressed=true]{background:var(--citadoc-accent);color:var(--citadoc-accent-text);border-color:var(--citadoc-accent)}
.messages{flex:1;overflow-y:auto;overflow-x:hidden;padding:12px;display:flex;flex-direction:column;gap:12px;overscroll-behavior:contain}
.intro{display:flex;flex-direction:column;gap:8px}
.intro h3,.sources-title{font-size:14px;font-weight:700;color:var(--citadoc-muted)}
.examples{list-style:none;display:flex;flex-direction:column;gap:6px}
.example{width:100%;text-align:left;padding:8px 12px;min-height:44px;border:1px solid var(--citadoc-accent);border-radius:8px;background:var(--citadoc-bg);color:var(--citadoc-accent);font-size:15px}
.example:hover{background:var(--citadoc-surface)}
.msg{max-width:100%;padding:10px 12px;border-radius:10px;font-size:16px;overflow-wrap:anywhere}
.msg-user{align-self:flex-end;max-width:85%;background:var(--citadoc-user-bg);white-space:pre-wrap}
.msg-bot{align-self:stretch;background:var(--citadoc-surface);display:flex;flex-direction:column;gap:8px}
.msg-bot ul{padding-left:20px}
.msg-error{background:var(--citadoc-error-bg);color:var(--citadoc-error);border:1px solid var(--citadoc-error)}
.streaming{white-space:pre-wrap}
.pending{display:flex;align-items:center;gap:10px;color:var(--citadoc-muted)}
.spinner{width:18px;height:18px;border:3px solid var(--citadoc-border);border-top-color:transparent;border-radius:50%;animation:citadoc-spin 1s linear infinite}
@keyframes citadoc-spin{to{transform:rotate(360deg)}}
.cite{display:inline;padding:0 2px;border:0;background:none;color:var(--citadoc-accent);font-weight:700;font-size:14px;text-decoration:underline}
.contact a,.card a{color:var(--citadoc-accent);text-decoration:underline}
.sources{list-style:none;display:flex;flex-direction:column;gap:8px}
.card{padding:10px;border:1px solid var(--citadoc-border);border-radius:8px;background:var(--citadoc-bg);display:flex;flex-direction:column;gap:6px;font-size:15px}
.card-title{font-weight:700}
.card-meta,.related-note{font-size:14px;color:var(--citadoc-muted)}
.excerpt{padding-left:10px;border-left:3px solid var(--citadoc-border);font-size:14px}
.card a{display:inline-flex;align-items:center;gap:4px;min-height:32px;align-self:flex-start}
.card a svg{width:16px;height:16px}
.actions{display:flex;flex-wrap:wrap;gap:6px}
.composer{border-top:1px solid var(--citadoc-border);padding:10px 12px;display:flex;flex-direction:column;gap:4px;background:var(--citadoc-bg)}
.composer label{font-size:14px;font-weight:700}
.row{display:flex;gap:8px;align-items:flex-end}
textarea{flex:1;min-width:0;min-height:48px;max-height:160px;resize:vertical;padding:10px;border:1px solid var(--citadoc-border);border-radius:8px;background:var(--citadoc-bg);font-size:16px}
.send{min-height:48px;padding:0 16px;border:2px solid transparent;border-radius:8px;background:var(--citadoc-accent);color:var(--citadoc-accent-text);font-weight:600;font-size:16px}
.send:disabled{opacity:.6;cursor:not-allowed}
.hint{font-size:13px;color:var(--citadoc-muted)}
.count{font-size:13px;color:var(--citadoc-muted)}
.count.over{color:var(--citadoc-error);font-weight:700}
@media ${FULL_SCREEN}{
.panel{inset:var(--citadoc-vv-top,0px) 0 auto 0;width:100%;height:100vh;height:var(--citadoc-vv-height,100dvh);border-radius:0;border:0}
.root[data-position=left] .panel{left:0;right:0}
.root.open .bubble{visibility:hidden}
}
@media (prefers-reduced-motion:reduce){
.panel,.spinner{animation:none}
.spinner{border-top-color:var(--citadoc-border)}
}
@media (forced-colors:active){.bubble,.send,.tool{border:2px solid ButtonText}}
`;
}
