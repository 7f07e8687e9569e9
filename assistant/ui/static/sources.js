// « Ouvrir le document à cet endroit » in the sources panel → the Gradio event « open ».
element.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-act="open"]');
  if (!b || !element.contains(b)) return;
  trigger('open', {turn: b.dataset.turn, kind: b.dataset.kind, i: b.dataset.i});
});
