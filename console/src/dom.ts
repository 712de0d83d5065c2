/** A small element builder: text always goes in as text nodes, never as HTML. */

type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the console page`);
  return element as T;
}

/** Replaces a select's options, keeping the current choice when it is still offered. */
export function fillSelect(
  select: HTMLSelectElement,
  allLabel: string,
  options: { value: string; label: string }[],
): void {
  const current = select.value;
  select.replaceChildren(
    el('option', { value: '' }, allLabel),
    ...options.map((option) => el('option', { value: option.value }, option.label)),
  );
  select.value = options.some((option) => option.value === current) ? current : '';
}
