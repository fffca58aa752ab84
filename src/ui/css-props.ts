/**
 * `cssProps({...})`: Lit's `styleMap` without the `style` attribute. On its first render
 * `styleMap` writes a `style="…"` attribute, which a Content Security Policy without
 * `'unsafe-inline'` styles blocks (lit/lit#4719); setting properties through CSSOM
 * (`style.setProperty`), as this directive always does, is allowed.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/** CSS property names (`width`, `--shade`) and their values. */
export type CssProps = Readonly<Record<string, string>>;

class CssPropsDirective extends Directive {
  #names = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) {
      throw new Error('cssProps() goes on an element: <span ${cssProps({ width: "50%" })}>');
    }
  }

  render(_props: CssProps): unknown {
    return noChange;
  }

  override update(part: ElementPart, [props]: [CssProps]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const name of this.#names) if (!(name in props)) style.removeProperty(name);
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    this.#names = new Set(Object.keys(props));
    return noChange;
  }
}

/** Sets an element's inline style properties through CSSOM; a CSP-safe `styleMap`. */
export const cssProps = directive(CssPropsDirective);
