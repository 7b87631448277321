/**
 * Base of the widget's typed events: bubbles, composed (crosses shadow roots), carries its data both as typed fields
 * and as `detail` (for code written against `CustomEvent`). `VrEvent` (`<video-room>`) and `CcEvent` (`<coffee-chat>`)
 * extend it.
 * @typeParam D the event's data.
 */
export class WidgetEvent<D extends object> extends Event {
  /** The event's data (same values as the typed fields). */
  readonly detail: D;
  constructor(type: string, detail: D) {
    super(type, { bubbles: true, composed: true });
    this.detail = detail;
    Object.assign(this, detail);
  }
}

/**
 * The class of one typed event: `new C(detail)` is a `Base` event of type `type` whose `detail` fields are also its own
 * read-only, typed fields. One class per event, declared as
 * `export class VrJoinEvent extends typedEvent(VrEvent<{ room: string }>, 'vr-join') {}`.
 * @param Base the family's base class, instantiated with the event's data type (`VrEvent<D>`, `CcEvent<D>`).
 * @param type the event's name (`vr-*`, `cc-*`).
 */
export function typedEvent<D extends object, E extends WidgetEvent<D>>(Base: new (type: string, detail: D) => E, type: string) {
  const B = Base as new (type: string, detail: D) => WidgetEvent<D>;
  return class extends B {
    constructor(detail: D) {
      super(type, detail);
    }
  } as unknown as new (detail: D) => E & Readonly<D>;
}
