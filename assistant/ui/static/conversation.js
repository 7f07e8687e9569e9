// Buttons of the conversation (citations, sources, ratings, examples, documents) → Gradio events.
element.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-act]');
  if (!b || !element.contains(b)) return;
  const d = b.dataset;
  if (d.act === 'cite') trigger('cite', {turn: d.turn, n: d.n});
  else if (d.act === 'select') trigger('choose', {turn: d.turn});
  else if (d.act === 'rate') trigger('rate', {turn: d.turn, rating: d.rating});
  else if (d.act === 'example') trigger('example', {i: d.i});
  else if (d.act === 'doc') trigger('opendoc', {doc: d.doc});
});
watch('value', () => {
  const root = element.querySelector('[data-scroll-to]');
  if (!root) return;
  const t = element.querySelector('#' + CSS.escape(root.dataset.scrollTo));
  if (t) t.scrollIntoView({block: 'nearest'});
});
