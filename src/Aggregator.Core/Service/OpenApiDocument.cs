namespace Aggregator.Service;

/// <summary>The service's OpenAPI 3.1 description, served at /openapi.json.</summary>
public static class OpenApiDocument
{
    public const string Json = """
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Aggregator sensor service",
            "version": "1.0.0",
            "description": "Upload sensor CSV files; they are processed asynchronously into a results store and can be queried by id."
          },
          "security": [{ "apiKey": [] }, {}],
          "paths": {
            "/files": {
              "post": {
                "operationId": "uploadFiles",
                "summary": "Upload one or more sensor CSV files",
                "requestBody": {
                  "required": true,
                  "content": {
                    "multipart/form-data": {
                      "schema": {
                        "type": "object",
                        "properties": { "file": { "type": "array", "items": { "type": "string", "contentMediaType": "text/csv" } } },
                        "required": ["file"]
                      }
                    }
                  }
                },
                "responses": {
                  "202": { "description": "Stored and queued", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Accepted" } } } },
                  "400": { "$ref": "#/components/responses/Error" },
                  "401": { "$ref": "#/components/responses/Error" },
                  "413": { "$ref": "#/components/responses/Error" },
                  "415": { "$ref": "#/components/responses/Error" }
                }
              },
              "get": {
                "operationId": "listFiles",
                "summary": "List stored files, optionally by status",
                "parameters": [
                  { "name": "status", "in": "query", "required": false, "schema": { "$ref": "#/components/schemas/Status" } }
                ],
                "responses": {
                  "200": { "description": "The files, oldest upload first", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/FileResult" } } } } },
                  "400": { "$ref": "#/components/responses/Error" }
                }
              }
            },
            "/files/{file_id}": {
              "get": {
                "operationId": "getFile",
                "summary": "One file's status, timestamps, aggregates and row errors",
                "parameters": [
                  { "name": "file_id", "in": "path", "required": true, "schema": { "type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" } }
                ],
                "responses": {
                  "200": { "description": "The file", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/FileResult" } } } },
                  "404": { "$ref": "#/components/responses/Error" }
                }
              }
            },
            "/health": {
              "get": {
                "operationId": "health",
                "summary": "Whether the service and its store answer",
                "responses": {
                  "200": { "description": "Healthy", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } },
                  "503": { "$ref": "#/components/responses/Error" }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Status": { "type": "string", "enum": ["uploaded", "processing", "processed", "partial", "failed"] },
              "Accepted": {
                "type": "object",
                "properties": {
                  "file_id": { "type": "string" },
                  "files": { "type": "array", "items": { "type": "object", "properties": { "file_id": { "type": "string" }, "name": { "type": "string" }, "new": { "type": "boolean" } } } }
                },
                "required": ["file_id", "files"]
              },
              "FileResult": {
                "type": "object",
                "properties": {
                  "file_id": { "type": "string" },
                  "name": { "type": "string" },
                  "status": { "$ref": "#/components/schemas/Status" },
                  "message": { "type": "string" },
                  "uploaded_at": { "type": ["string", "null"], "format": "date-time" },
                  "processed_at": { "type": ["string", "null"], "format": "date-time" },
                  "processing_ms": { "type": "integer" },
                  "aggregates": {
                    "type": "object",
                    "properties": {
                      "row_count": { "type": "integer" },
                      "min_value": { "type": ["number", "null"] },
                      "max_value": { "type": ["number", "null"] },
                      "mean_value": { "type": ["number", "null"] },
                      "per_sensor_count": { "type": "object", "additionalProperties": { "type": "integer" } }
                    }
                  },
                  "error_count": { "type": "integer" },
                  "errors": { "type": "array", "items": { "type": "object", "properties": { "row_number": { "type": "integer" }, "reason": { "type": "string" } } } }
                },
                "required": ["file_id", "status"]
              },
              "Health": { "type": "object", "properties": { "status": { "type": "string" }, "waiting": { "type": "integer" } }, "required": ["status"] },
              "Error": { "type": "object", "properties": { "error": { "type": "string" } }, "required": ["error"] }
            },
            "responses": {
              "Error": { "description": "What was wrong", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            },
            "securitySchemes": { "apiKey": { "type": "apiKey", "in": "header", "name": "X-Api-Key" } }
          }
        }
        """;
}
