// Starts Swagger UI on Tessera's own OpenAPI document. A file rather than an inline script, so
// that the page's Content-Security-Policy can refuse every inline script.
window.addEventListener('load', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // The default posts the document to a validator on another host; Tessera's docs stay here.
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
  });
});
