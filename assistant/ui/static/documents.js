// The « Documents » tab. Gradio's upload area carries an English aria-label (« Click to upload or drop
// files ») that differs from its visible French text (WCAG 2.5.3, axe « label-content-name-mismatch »):
// it is removed, so that the area's accessible name is the text shown. Gradio re-creates the area
// (after each upload, when the editor's controls appear): the tab is observed.
const root = element.closest('#coop-tab-documents') || document.body;
const fix = () => root.querySelectorAll('#coop-doc-files .upload-container[aria-label]')
  .forEach((area) => area.removeAttribute('aria-label'));
fix();
new MutationObserver(fix).observe(root, {subtree: true, childList: true});
