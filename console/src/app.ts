/** The front-desk console: two tabs (search, commitments) wired to the staff API. */
import { setUpCommitments } from './commitments-panel.ts';
import { setUpSearch } from './search-panel.ts';

function setUpTabs(onShow: (panelId: string) => void): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (tab: HTMLButtonElement, focus: boolean) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(other.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
    onShow(tab.getAttribute('aria-controls') ?? '');
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab, false));
    // The WAI-ARIA tabs pattern: arrows move between tabs, Home and End jump to the ends.
    tab.addEventListener('keydown', (event) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = tabs[(next + tabs.length) % tabs.length];
      if (target) select(target, true);
    });
  });
}

setUpSearch();
const commitments = setUpCommitments();
setUpTabs((panelId) => {
  if (panelId === 'panel-commitments') commitments.load();
});
