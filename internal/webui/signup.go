package webui

import (
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// Users creates users; *core.Core implements it. CreateUser fails with
// INVALID_ARGUMENT for a bad id or name and USER_ALREADY_EXISTS for a
// taken id.
type Users interface {
	CreateUser(ctx context.Context, u *chorusv1.User) (*chorusv1.User, error)
}

// Issuer signs client tokens; *auth.Authority implements it. A ttl of 0
// is the configured default.
type Issuer interface {
	Issue(userID string, ttl time.Duration) (string, time.Time, error)
}

// maxSignupBody bounds a sign-up request: an id of 64 characters and a
// name of 128 fit many times over.
const maxSignupBody = 4 << 10

type signupRequest struct {
	UserID string `json:"userId"`
	Name   string `json:"name"`
}

// signupResponse is the answer to a sign-up. ExpiresAtMs is a JSON
// string, as protojson writes int64 fields in the server API (a
// JavaScript number cannot hold every int64), so that clients read one
// convention.
type signupResponse struct {
	UserID      string `json:"userId"`
	Token       string `json:"token"`
	ExpiresAtMs int64  `json:"expiresAtMs,string"`
}

// errorBody is how the dev endpoints report an error from the catalogue.
type errorBody struct {
	Code       string `json:"code"` // e.g. "INVALID_ARGUMENT"
	CodeNumber int32  `json:"codeNumber"`
	Message    string `json:"message"`
	Temporary  bool   `json:"temporary"`
}

// signup creates the user unless it exists, then issues a token for it:
// with dev sign-up on, knowing a user id is enough to be that user.
func (h *Handler) signup(w http.ResponseWriter, r *http.Request) {
	if !h.cfg.DevSignup {
		http.NotFound(w, r)
		return
	}
	// Requiring JSON makes a cross-site form post impossible without a
	// CORS preflight, which this endpoint never grants.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		h.fail(w, r, http.StatusUnsupportedMediaType, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "send the request as application/json"))
		return
	}
	var req signupRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxSignupBody))
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.fail(w, r, http.StatusRequestEntityTooLarge, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE, "request body over %d bytes", maxSignupBody))
			return
		}
		h.fail(w, r, http.StatusBadRequest, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT, "body must be JSON {\"userId\", \"name\"}"))
		return
	}
	if req.Name == "" {
		req.Name = req.UserID
	}
	_, err := h.users.CreateUser(r.Context(), &chorusv1.User{Id: req.UserID, Name: req.Name})
	if err != nil && !im.IsCode(err, chorusv1.ErrorCode_ERROR_CODE_USER_ALREADY_EXISTS) {
		h.fail(w, r, 0, err)
		return
	}
	token, exp, err := h.tokens.Issue(req.UserID, 0)
	if err != nil {
		h.fail(w, r, 0, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, signupResponse{UserID: req.UserID, Token: token, ExpiresAtMs: exp.UnixMilli()})
}

// fail answers err as an errorBody; status 0 picks the HTTP status from
// the code's gRPC status.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	pub := im.Public(err)
	if pub.Code == chorusv1.ErrorCode_ERROR_CODE_INTERNAL {
		h.log.ErrorContext(r.Context(), "dev signup failed", "err", err)
	}
	if status == 0 {
		status = httpStatus(im.GRPCCode(pub.Code))
	}
	writeJSON(w, status, errorBody{
		Code:       im.CodeName(pub.Code),
		CodeNumber: int32(pub.Code),
		Message:    pub.Message,
		Temporary:  pub.Temporary(),
	})
}

// httpStatus maps a gRPC status code to the HTTP status gRPC-to-HTTP
// gateways use for it.
func httpStatus(grpc uint32) int {
	switch grpc {
	case 3, 9, 11: // invalid argument, failed precondition, out of range
		return http.StatusBadRequest
	case 4:
		return http.StatusGatewayTimeout
	case 5:
		return http.StatusNotFound
	case 6, 10:
		return http.StatusConflict
	case 7:
		return http.StatusForbidden
	case 8:
		return http.StatusTooManyRequests
	case 12:
		return http.StatusNotImplemented
	case 14:
		return http.StatusServiceUnavailable
	case 16:
		return http.StatusUnauthorized
	default:
		return http.StatusInternalServerError
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
