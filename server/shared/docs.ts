/**
 * A self-contained human page for the OpenAPI description (no CDN: works on closed networks).
 */
type Doc = { info: { title: string; version: string; description?: string }; paths: Record<string, Record<string, any>> };

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);

export function renderDocs(doc: Doc): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const reqSchema = op.requestBody?.content?.['application/json']?.schema;
      const params = (op.parameters ?? []).map((p: any) => `<li><code>${esc(p.name)}</code> (${esc(p.in)}${p.required ? ', required' : ''}) ${esc(p.description ?? '')}</li>`).join('');
      const responses = Object.entries(op.responses ?? {}).map(([code, r]: [string, any]) => `<li><b>${esc(code)}</b> ${esc(r.description)}</li>`).join('');
      return `<section id="${esc(op.operationId ?? method + path)}">
  <h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code> ${op.security?.length ? '<small>API key</small>' : ''}</h3>
  <p><b>${esc(op.summary)}</b></p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
  ${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
  ${reqSchema ? `<h4>Request body</h4><pre>${esc(JSON.stringify(reqSchema, null, 2))}</pre>` : ''}
  <h4>Responses</h4><ul>${responses}</ul>
</section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(doc.info.title)} — API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
pre{background:#f4f5f7;padding:.75rem;overflow:auto;font-size:12px}section{border-top:1px solid #ddd;padding-top:.5rem}
.m{display:inline-block;min-width:4.5rem;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}
.get{background:#2f6fdf}.post{background:#1f8a4c}.patch{background:#b26a00}.delete{background:#c62828}small{color:#666}</style></head>
<body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1). Authenticate with <code>Authorization: Bearer &lt;API key&gt;</code>.</p>
${ops.join('\n')}</body></html>`;
}
