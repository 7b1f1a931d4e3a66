import Foundation

/// Checks JSON values against the schemas of an OpenAPI 3.1 document: `$ref`, `type`, `enum`,
/// `required`, `properties`, `additionalProperties: false`, `items`, `pattern`, `minLength`,
/// `maxLength`, `minimum`, `maximum`, `oneOf`, and `type` as a list (`["string", "null"]`) — the
/// keywords the document uses. Returns what is wrong,
/// with the path.
struct SchemaValidator {
    let document: [String: Any]

    init(data: Data) throws {
        document = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The schema of a response: path template, method, status, content type.
    func responseSchema(path: String, method: String, status: Int, contentType: String = "application/json") -> [String: Any]? {
        let paths = document["paths"] as? [String: Any]
        let operation = (paths?[path] as? [String: Any])?[method.lowercased()] as? [String: Any]
        let response = (operation?["responses"] as? [String: Any])?[String(status)] as? [String: Any]
        let content = (response?["content"] as? [String: Any])?[contentType] as? [String: Any]
        return content?["schema"] as? [String: Any]
    }

    func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        var node: Any = document
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] as Any }
        return resolve(node as? [String: Any] ?? [:])
    }

    func errors(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        let schema = resolve(schema)
        var out: [String] = []
        if let options = schema["enum"] as? [Any] {
            if !options.contains(where: { ($0 as? NSObject)?.isEqual(value) == true }) { out.append("\(path): \(value) not in enum") }
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let results = options.map { errors(value, $0, at: path) }
            if !results.contains(where: \.isEmpty) { out += results.min { $0.count < $1.count } ?? [] }
            return out
        }
        if let types = schema["type"] as? [String] {
            if value is NSNull { return types.contains("null") ? out : ["\(path): null"] }
            let results = types.filter { $0 != "null" }.map { t in
                var single = schema
                single["type"] = t
                return errors(value, single, at: path)
            }
            if !results.contains(where: \.isEmpty) { out += results.min { $0.count < $1.count } ?? ["\(path): no type matches"] }
            return out
        }
        if schema["type"] as? String != nil, schema["type"] as? String != "null", value is NSNull { return ["\(path): null"] }
        switch schema["type"] as? String {
        case "null":
            if !(value is NSNull) { out.append("\(path): not null") }
        case "number":
            guard let n = value as? NSNumber, String(cString: n.objCType) != "c" else { return ["\(path): not a number"] }
        case "boolean":
            guard let n = value as? NSNumber, String(cString: n.objCType) == "c" else { return ["\(path): not a boolean"] }
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): not an object"] }
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { out.append("\(path).\(key): required") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, v) in object {
                if let sub = properties[key] as? [String: Any] {
                    out += errors(v, sub, at: "\(path).\(key)")
                } else if (schema["additionalProperties"] as? Bool) == false {
                    out.append("\(path).\(key): not in the schema")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(path): not an array"] }
            if let items = schema["items"] as? [String: Any] {
                for (i, v) in array.enumerated() { out += errors(v, items, at: "\(path)[\(i)]") }
            }
        case "string":
            guard let s = value as? String else { return ["\(path): not a string"] }
            if let p = schema["pattern"] as? String, s.range(of: p, options: .regularExpression) == nil {
                out.append("\(path): \(s) does not match \(p)")
            }
            if let n = schema["minLength"] as? Int, s.count < n { out.append("\(path): shorter than \(n)") }
            if let n = schema["maxLength"] as? Int, s.count > n { out.append("\(path): longer than \(n)") }
        case "integer":
            guard let n = value as? NSNumber, String(cString: n.objCType) != "c", n.doubleValue == n.doubleValue.rounded() else {
                return ["\(path): not an integer"]
            }
            if let m = schema["minimum"] as? Int, n.intValue < m { out.append("\(path): below \(m)") }
            if let m = schema["maximum"] as? Int, n.intValue > m { out.append("\(path): above \(m)") }
        default: break
        }
        return out
    }
}
