// The Document tab is rendered lazily: scroll on first render, then on every new opening.
const reveal = () => {
  const t = element.querySelector('[data-target]');
  if (!t) return;
  let tries = 0;
  const go = () => {
    if (t.offsetParent === null && tries++ < 60) { setTimeout(go, 50); return; }
    t.scrollIntoView({block: 'center'});
    t.focus({preventScroll: true});
  };
  go();
};
reveal();
watch('value', reveal);
